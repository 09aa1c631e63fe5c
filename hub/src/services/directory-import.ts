import { type PersonMapping, personKindOf, tagsOf } from "../domain/csv-columns.ts";
import { type PersonKind, personFieldsSchema } from "../domain/directory-fields.ts";
import { issueLines } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { Person, PersonFields } from "../store/person-store.ts";
import { type CsvRow, readCsvTable } from "./csv-table.ts";
import { type ImportOutcome, type ImportReport, importReport, missingColumns } from "./import-report.ts";
import { StoreService } from "./store-service.ts";

export interface PeopleImport {
  siteId: string;
  csv: string;
  mapping: PersonMapping;
  /** The kind of everyone in the file when no column gives it. */
  defaultKind: PersonKind;
  dryRun: boolean;
}

/** What a row would set: only the fields the mapping names, so an export that lacks a column changes nothing of it. */
function fieldsOfRow(
  row: CsvRow,
  mapping: PersonMapping,
  defaultKind: PersonKind,
): { error: string } | { fields: PersonFields; mapped: Set<string> } {
  const cell = (field: keyof PersonMapping) => {
    const header = mapping[field];
    return header === undefined ? undefined : (row.cells[header] ?? "");
  };
  const joined = [cell("firstName"), cell("lastName")].filter((part) => part).join(" ");
  const kindText = cell("kind");
  const kind = kindText === undefined || kindText === "" ? defaultKind : personKindOf(kindText);
  if (kind === null) return { error: `kind: "${kindText ?? ""}" is not a pupil, member of staff or visitor` };
  const given = {
    displayName: cell("displayName") || joined,
    externalId: cell("externalId"),
    username: cell("username"),
    yearGroup: cell("yearGroup"),
    tutorGroup: cell("tutorGroup"),
    tags: mapping.tags === undefined ? undefined : tagsOf(cell("tags") ?? ""),
  };
  const parsed = personFieldsSchema.safeParse({ ...given, kind });
  if (!parsed.success) return { error: issueLines(parsed.error.issues).join("; ") };
  const mapped = Object.entries(given)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
  return { fields: parsed.data, mapped: new Set([...mapped, "kind", "displayName"]) };
}

/**
 * Imports the people of a site from a directory or MIS export. Each row is matched to a person by
 * external id, else by username; a matched person gets the mapped fields, others keep theirs.
 * A dry run says what would be added, updated or left unchanged and which lines are wrong; the
 * real run stores the good rows in one transaction and skips the wrong ones. Importing the same
 * file again changes nothing.
 */
export class DirectoryImportService extends StoreService<HubStores> {
  importPeople(input: PeopleImport): ImportReport & { notInFile: number } {
    const table = readCsvTable(input.csv);
    missingColumns(table.headers, input.mapping, [["displayName", "firstName", "lastName"]]);
    return this.stores.transaction(() => {
      const held = this.stores.people.list(input.siteId, { limit: 1, offset: 0 }).total;
      const matched = new Set<number>();
      const seen = new Map<string, number>();
      const at = this.now().toISOString();
      const outcomes = table.rows.map((row) => this.importRow(input, row, { seen, matched }, at));
      // People of the site no row matched: leavers, if the file is the whole roll.
      return { ...importReport(input.dryRun, outcomes), notInFile: held - matched.size };
    });
  }

  private importRow(
    input: PeopleImport,
    row: CsvRow,
    { seen, matched }: { seen: Map<string, number>; matched: Set<number> },
    at: string,
  ): ImportOutcome {
    const made = fieldsOfRow(row, input.mapping, input.defaultKind);
    if ("error" in made) return { line: row.line, action: "error", message: made.error };
    const { fields, mapped } = made;
    const keys = [fields.externalId && `id:${fields.externalId}`, fields.username && `login:${fields.username}`];
    const repeat = keys.map((key) => key && seen.get(key)).find((line) => line);
    if (repeat) return { line: row.line, action: "error", message: `the same person as line ${repeat}` };
    for (const key of keys) if (key) seen.set(key, row.line);
    const byId = fields.externalId ? this.stores.people.byExternalId(input.siteId, fields.externalId) : undefined;
    const byLogin = fields.username ? this.stores.people.byUsername(input.siteId, fields.username) : undefined;
    const existing = byId ?? byLogin;
    if (byLogin && existing && byLogin.id !== existing.id)
      return { line: row.line, action: "error", message: `username "${fields.username}" belongs to another person` };
    if (!byId && byLogin?.externalId && fields.externalId)
      return {
        line: row.line,
        action: "error",
        message: `username "${fields.username}" belongs to a person with another external id`,
      };
    if (existing) matched.add(existing.id);
    const label = fields.displayName;
    if (!existing) {
      if (!input.dryRun) this.stores.people.insert(input.siteId, fields, at);
      return { line: row.line, action: "add", label };
    }
    const next = merged(existing, fields, mapped);
    const changed = (Object.keys(next) as (keyof PersonFields)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(existing[key]),
    );
    if (changed.length === 0) return { line: row.line, action: "unchanged", label };
    if (!input.dryRun) this.stores.people.update(existing.id, next, at);
    return { line: row.line, action: "update", label, changed };
  }
}

/** The person's fields with the mapped ones replaced. */
function merged(existing: Person, fields: PersonFields, mapped: Set<string>): PersonFields {
  const { id: _id, siteId: _site, createdAt: _c, updatedAt: _u, ...current } = existing;
  const next: PersonFields = { ...current };
  for (const key of Object.keys(fields) as (keyof PersonFields)[])
    if (mapped.has(key)) (next as Record<string, unknown>)[key] = fields[key];
  return next;
}
