import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A device as roaming tokens need it: where it is, and what to call it in a profile. */
export interface RoamingDeviceRow {
  id: number;
  siteId: string;
  label: string | null;
  hostname: string | null;
}

/** A roaming token as listed: never its value, which only its holder has. */
export interface DeviceTokenRow {
  id: number;
  deviceId: number;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

const TOKEN_COLUMNS = `id, device_id AS "deviceId", created_at AS "createdAt", created_by AS "createdBy",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

/**
 * Devices' roaming (DNS-over-HTTPS) tokens, kept only as their SHA-256 (`device_tokens`); and the
 * little it reads of `devices` (that one exists, and its site), whose own store is elsewhere.
 */
export class DeviceTokenStore extends SqlStore<ReturnType<typeof prepare>> {
  constructor(db: HubDatabase) {
    super(db, prepare);
  }

  device(id: number): RoamingDeviceRow | undefined {
    return this.statements.device.get(id) as RoamingDeviceRow | undefined;
  }

  insert(token: { deviceId: number; tokenHash: string; createdAt: string; createdBy: string }): DeviceTokenRow {
    const id = Number(this.statements.insert.run(token).lastInsertRowid);
    return this.find(id) as DeviceTokenRow;
  }

  find(id: number): DeviceTokenRow | undefined {
    return this.statements.find.get(id) as DeviceTokenRow | undefined;
  }

  /** A device's tokens, newest first, revoked ones too (the record of who had access when). */
  list(deviceId: number): DeviceTokenRow[] {
    return this.statements.list.all(deviceId) as DeviceTokenRow[];
  }

  /** Revokes a token once; false when it was already revoked. */
  revoke(id: number, at: string, by: string): boolean {
    return this.statements.revoke.run(at, by, id).changes === 1;
  }
}

function prepare(db: HubDatabase) {
  return {
    device: db.prepare('SELECT id, site_id AS "siteId", label, hostname FROM devices WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO device_tokens (device_id, token_hash, created_at, created_by)
       VALUES (@deviceId, @tokenHash, @createdAt, @createdBy) RETURNING id`,
    ),
    find: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM device_tokens WHERE id = ?`),
    list: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM device_tokens WHERE device_id = ? ORDER BY id DESC`),
    revoke: db.prepare("UPDATE device_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL"),
  };
}
