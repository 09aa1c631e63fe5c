import { type DeviceMapping, deviceKindOf } from "../domain/csv-columns.ts";
import { deviceFieldsSchema } from "../domain/directory-fields.ts";
import { issueLines } from "../hub-error.ts";
import type { Device, DeviceFields } from "../store/device-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { type CsvRow, readCsvTable } from "./csv-table.ts";
import { type ImportOutcome, type ImportReport, importReport, missingColumns } from "./import-report.ts";
import { StoreService } from "./store-service.ts";

export interface DevicesImport {
  siteId: string;
  csv: string;
  mapping: DeviceMapping;
  dryRun: boolean;
}

type RowFields = { error: string } | { fields: DeviceFields; mapped: Set<keyof DeviceFields> };

/**
 * Imports the devices of a site from an inventory export (an MDM's, a Google Admin or Intune
 * device list). Each row is matched on its MAC, which it must have; its owner is found among the
 * site's people by external id, else username. Dry run, per-line errors, one transaction, and a
 * second import of the same file changes nothing, as for people.
 */
export class DeviceImportService extends StoreService<HubStores> {
  importDevices(input: DevicesImport): ImportReport {
    const table = readCsvTable(input.csv);
    missingColumns(table.headers, input.mapping, [["mac"]]);
    return this.stores.transaction(() => {
      const seen = new Map<string, number>();
      const at = this.now().toISOString();
      return importReport(
        input.dryRun,
        table.rows.map((row) => this.importRow(input, row, seen, at)),
      );
    });
  }

  private fieldsOfRow(siteId: string, row: CsvRow, mapping: DeviceMapping): RowFields {
    const cell = (field: keyof DeviceMapping) => {
      const header = mapping[field];
      return header === undefined ? undefined : (row.cells[header] ?? "");
    };
    const kind = cell("kind");
    const given = { mac: cell("mac"), hostname: cell("hostname"), label: cell("label") };
    const parsed = deviceFieldsSchema.safeParse({ ...given, kind: kind ? deviceKindOf(kind) : "other" });
    if (!parsed.success) return { error: issueLines(parsed.error.issues).join("; ") };
    if (parsed.data.mac === null) return { error: "mac: a MAC address is needed to match the device" };
    const mapped = new Set<keyof DeviceFields>(["mac"]);
    for (const [key, value] of Object.entries({ ...given, kind }))
      if (value !== undefined) mapped.add(key as keyof DeviceFields);
    const ownerId = cell("ownerExternalId");
    const ownerLogin = cell("ownerUsername");
    let owner: number | null = null;
    if (ownerId || ownerLogin) {
      const person =
        (ownerId ? this.stores.people.byExternalId(siteId, ownerId) : undefined) ??
        (ownerLogin ? this.stores.people.byUsername(siteId, ownerLogin.toLowerCase()) : undefined);
      if (!person)
        return { error: `owner: nobody at this site has external id or username "${ownerId || ownerLogin}"` };
      owner = person.id;
    }
    if (mapping.ownerExternalId !== undefined || mapping.ownerUsername !== undefined) mapped.add("ownerId");
    return { fields: { ...parsed.data, ownerId: owner }, mapped };
  }

  private importRow(input: DevicesImport, row: CsvRow, seen: Map<string, number>, at: string): ImportOutcome {
    const made = this.fieldsOfRow(input.siteId, row, input.mapping);
    if ("error" in made) return { line: row.line, action: "error", message: made.error };
    const { fields, mapped } = made;
    const mac = fields.mac as string;
    const repeat = seen.get(mac);
    if (repeat) return { line: row.line, action: "error", message: `the same MAC as line ${repeat}` };
    seen.set(mac, row.line);
    const existing = this.stores.devices.byMac(input.siteId, mac);
    if (!existing) {
      if (!input.dryRun) this.stores.devices.insert(input.siteId, fields, at);
      return { line: row.line, action: "add", label: mac };
    }
    const next = merged(existing, fields, mapped);
    const changed = (Object.keys(next) as (keyof DeviceFields)[]).filter((key) => next[key] !== existing[key]);
    if (changed.length === 0) return { line: row.line, action: "unchanged", label: mac };
    if (!input.dryRun) this.stores.devices.update(existing.id, next, at);
    return { line: row.line, action: "update", label: mac, changed };
  }
}

function merged(existing: Device, fields: DeviceFields, mapped: Set<keyof DeviceFields>): DeviceFields {
  const next: DeviceFields = {
    mac: existing.mac,
    hostname: existing.hostname,
    ownerId: existing.ownerId,
    kind: existing.kind,
    label: existing.label,
  };
  for (const key of mapped) (next as Record<string, unknown>)[key] = fields[key];
  return next;
}
