import type { DeviceKind } from "../domain/directory-fields.ts";
import type { HubDatabase } from "./hub-database.ts";
import { likeAnyCase } from "./portable-sql.ts";
import { SqlStore } from "./sql-store.ts";

/** A device of a site: its hardware address (lower case, colons), host name and owner. */
export interface Device {
  id: number;
  siteId: string;
  mac: string | null;
  hostname: string | null;
  ownerId: number | null;
  kind: DeviceKind;
  label: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeviceFields = Omit<Device, "id" | "siteId" | "createdAt" | "updatedAt">;

/** A page of a site's devices: a text search over MAC, host name and label, or one owner's. */
export interface DeviceFilter {
  text?: string;
  ownerId?: number;
  limit: number;
  offset: number;
}

const COLUMNS = `id, site_id AS "siteId", mac, hostname, owner_id AS "ownerId", kind, label, created_at AS "createdAt", updated_at AS "updatedAt"`;
/**
 * A site's devices matching the search text (any case, as SQLite's LIKE matches: ILIKE on
 * PostgreSQL) and owner; either left out when null (the CASTs give PostgreSQL the type it cannot
 * infer from `IS NULL` alone).
 */
const deviceFilter = (db: HubDatabase) => {
  const like = likeAnyCase(db);
  return `site_id = @siteId
    AND (CAST(@text AS TEXT) IS NULL OR mac ${like} @text ESCAPE '\\' OR hostname ${like} @text ESCAPE '\\' OR label ${like} @text ESCAPE '\\')
    AND (CAST(@ownerId AS BIGINT) IS NULL OR owner_id = @ownerId)`;
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const prepare = (db: HubDatabase) => ({
  byId: db.prepare(`SELECT ${COLUMNS} FROM devices WHERE id = ?`),
  byMac: db.prepare(`SELECT ${COLUMNS} FROM devices WHERE site_id = ? AND mac = ?`),
  byOwner: db.prepare(`SELECT ${COLUMNS} FROM devices WHERE owner_id = ? ORDER BY id`),
  page: db.prepare(`SELECT ${COLUMNS} FROM devices WHERE ${deviceFilter(db)} ORDER BY id LIMIT @limit OFFSET @offset`),
  count: db.prepare(`SELECT count(*) FROM devices WHERE ${deviceFilter(db)}`).pluck(),
  all: db.prepare(`SELECT ${COLUMNS} FROM devices WHERE site_id = ? ORDER BY id`),
  insert: db
    .prepare(
      `INSERT INTO devices (site_id, mac, hostname, owner_id, kind, label, created_at, updated_at)
       VALUES (@siteId, @mac, @hostname, @ownerId, @kind, @label, @at, @at) RETURNING id`,
    )
    .pluck(),
  update: db.prepare(
    "UPDATE devices SET mac = @mac, hostname = @hostname, owner_id = @ownerId, kind = @kind, label = @label, updated_at = @at WHERE id = @id",
  ),
  delete: db.prepare("DELETE FROM devices WHERE id = ?"),
});

/** The devices of each site, with their owners. */
export class DeviceStore extends SqlStore<ReturnType<typeof prepare>> {
  constructor(db: HubDatabase) {
    super(db, prepare);
  }

  get(id: number): Device | undefined {
    return this.statements.byId.get(id) as Device | undefined;
  }

  /** The device of a site with this hardware address (lower case, colons). */
  byMac(siteId: string, mac: string): Device | undefined {
    return this.statements.byMac.get(siteId, mac) as Device | undefined;
  }

  byOwner(personId: number): Device[] {
    return this.statements.byOwner.all(personId) as Device[];
  }

  list(siteId: string, filter: DeviceFilter): { devices: Device[]; total: number } {
    const params = { siteId, text: filter.text ? likePattern(filter.text) : null, ownerId: filter.ownerId ?? null };
    return {
      devices: this.statements.page.all({ ...params, limit: filter.limit, offset: filter.offset }) as Device[],
      total: this.statements.count.get(params) as number,
    };
  }

  all(siteId: string): Device[] {
    return this.statements.all.all(siteId) as Device[];
  }

  insert(siteId: string, fields: DeviceFields, at: string): Device {
    const id = this.statements.insert.get({ ...fields, siteId, at });
    return this.get(Number(id)) as Device;
  }

  update(id: number, fields: DeviceFields, at: string): Device | undefined {
    this.statements.update.run({ ...fields, id, at });
    return this.get(id);
  }

  /** Removes a device and (by the schema) its roaming tokens. Whether one was found. */
  delete(id: number): boolean {
    return this.statements.delete.run(id).changes > 0;
  }
}
