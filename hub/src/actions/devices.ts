import { z } from "zod";
import { DEVICE_COLUMNS, deviceMappingSchema } from "../domain/csv-columns.ts";
import { deviceFieldsSchema } from "../domain/directory-fields.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { Device, DeviceFields } from "../store/device-store.ts";
import { requirePermission, validate } from "./access.ts";
import { changedFields, columnsOf, directoryListInput, requireKnownSite, rowId } from "./directory-access.ts";

/** A device as entered: its fields and, for those who may see people, its owner's person id. */
export const deviceInput = deviceFieldsSchema.extend({ ownerId: z.number().int().positive().nullish() });
/** An inventory export to import, as for people. */
export const devicesImportInput = z.strictObject({
  csv: z.string(),
  mapping: deviceMappingSchema,
  dryRun: z.boolean().default(true),
});
const FIELDS: readonly (keyof DeviceFields)[] = ["mac", "hostname", "ownerId", "kind", "label"];

/** Who owns a device, as the viewer may see it: a name with people:read, otherwise a pseudonym. */
export type DeviceOwner = { id: number; displayName: string } | { pseudonym: string } | null;
export type DeviceView = Omit<Device, "ownerId"> & { owner: DeviceOwner };

interface DeviceRef {
  siteId: string;
  deviceId: string | number;
}

/**
 * Devices of a site: devices:read to see them, devices:manage to change them, within the actor's
 * sites. Without people:read (ICT) an owner is only a pseudonym keyed on the person id, and the
 * owner cannot be set. Every change is audited by device id and the fields changed.
 */
export function deviceActions(services: HubServices) {
  const { devices, audit, stores, privacy, deviceImport } = services;
  const view = (actor: Actor, device: Device): DeviceView => {
    const { ownerId, ...rest } = device;
    if (ownerId === null) return { ...rest, owner: null };
    if (!actorCan(actor, "people:read"))
      return { ...rest, owner: { pseudonym: privacy.pseudonym(`person:${ownerId}`) } };
    return { ...rest, owner: { id: ownerId, displayName: stores.people.get(ownerId)?.displayName ?? "" } };
  };
  const refOf = (actor: Actor, permission: "devices:read" | "devices:manage", ref: DeviceRef) => {
    requirePermission(actor, permission);
    return { siteId: requireKnownSite(stores, actor, ref.siteId), id: rowId(ref.deviceId, "device") };
  };
  /** The fields to store: the owner as given (people:read needed), else as it was. */
  const fieldsOf = (actor: Actor, input: unknown, ownerBefore: number | null): DeviceFields => {
    const { ownerId, ...fields } = validate(deviceInput, input, "the device");
    if (ownerId !== undefined && !actorCan(actor, "people:read"))
      throw new HubError("forbidden", 'setting a device\'s owner needs the "people:read" permission');
    return { ...fields, ownerId: ownerId === undefined ? ownerBefore : ownerId };
  };
  return {
    view,

    list(actor: Actor, { siteId: site, ...input }: { siteId: string } & z.input<typeof directoryListInput>) {
      requirePermission(actor, "devices:read");
      const siteId = requireKnownSite(stores, actor, site);
      const { q, limit, offset } = validate(directoryListInput, input);
      const page = devices.list(siteId, { text: q, limit, offset });
      return { devices: page.devices.map((device) => view(actor, device)), total: page.total, limit, offset };
    },

    get(actor: Actor, ref: DeviceRef): DeviceView {
      const { siteId, id } = refOf(actor, "devices:read", ref);
      return view(actor, devices.get(siteId, id));
    },

    create(actor: Actor, input: { siteId: string; device: z.input<typeof deviceInput> }): DeviceView {
      requirePermission(actor, "devices:manage");
      const siteId = requireKnownSite(stores, actor, input.siteId);
      const created = devices.create(siteId, fieldsOf(actor, input.device, null));
      audit.record(actor, "device.created", `device:${created.id}`, { kind: created.kind }, siteId);
      return view(actor, created);
    },

    update(actor: Actor, ref: DeviceRef & { device: z.input<typeof deviceInput> }): DeviceView {
      const { siteId, id } = refOf(actor, "devices:manage", ref);
      const current = devices.get(siteId, id);
      const { before, after } = devices.update(siteId, id, fieldsOf(actor, ref.device, current.ownerId));
      audit.record(actor, "device.updated", `device:${id}`, { changed: changedFields(before, after, FIELDS) }, siteId);
      return view(actor, after);
    },

    /** A dry run or the import itself; owner columns need people:read, as an owner set by hand does. */
    import(actor: Actor, { siteId: site, ...input }: { siteId: string } & z.input<typeof devicesImportInput>) {
      requirePermission(actor, "devices:manage");
      const siteId = requireKnownSite(stores, actor, site);
      const { csv, mapping, dryRun } = validate(devicesImportInput, input);
      if ((mapping.ownerExternalId || mapping.ownerUsername) && !actorCan(actor, "people:read"))
        throw new HubError("forbidden", 'importing devices\' owners needs the "people:read" permission');
      const report = deviceImport.importDevices({ siteId, csv, mapping, dryRun });
      if (!dryRun)
        audit.record(actor, "devices.imported", null, { ...report.counts, fields: Object.keys(mapping) }, siteId);
      return report;
    },

    /** The site to import into, if the actor may import there (the import page's first step). */
    importSite(actor: Actor, input: { siteId: string }): string {
      requirePermission(actor, "devices:manage");
      return requireKnownSite(stores, actor, input.siteId);
    },

    importColumns(actor: Actor, input: { siteId: string; csv: string }) {
      requirePermission(actor, "devices:manage");
      requireKnownSite(stores, actor, input.siteId);
      return columnsOf(input.csv, DEVICE_COLUMNS);
    },

    delete(actor: Actor, ref: DeviceRef): void {
      const { siteId, id } = refOf(actor, "devices:manage", ref);
      devices.delete(siteId, id);
      audit.record(actor, "device.deleted", `device:${id}`, {}, siteId);
    },
  };
}
