import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A person's row as the identity table needs it, with the latest sanction in force (if any). */
export interface IdentityPersonRow {
  id: number;
  externalId: string | null;
  username: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  tags: string;
  sanctionEndsAt: string | null;
  sanctionAllow: string | null;
}

export interface IdentityDeviceRow {
  id: number;
  mac: string | null;
  ownerId: number | null;
}

export interface IdentityTokenRow {
  tokenHash: string;
  deviceId: number;
}

const prepare = (db: HubDatabase) => ({
  // The latest-starting sanction not lifted and not yet over; ISO times in UTC compare as text.
  people: db.prepare(
    `SELECT p.id, p.external_id AS "externalId", p.username, p.year_group AS "yearGroup", p.tutor_group AS "tutorGroup", p.tags,
       s.ends_at AS "sanctionEndsAt", s.allow AS "sanctionAllow"
     FROM people p
     LEFT JOIN person_sanctions s ON s.id = (
       SELECT id FROM person_sanctions WHERE person_id = p.id AND lifted_at IS NULL AND ends_at > @now
       ORDER BY starts_at DESC, id DESC LIMIT 1)
     WHERE p.site_id = @siteId ORDER BY p.id`,
  ),
  devices: db.prepare(`SELECT id, mac, owner_id AS "ownerId" FROM devices WHERE site_id = ? ORDER BY id`),
  tokens: db.prepare(
    `SELECT t.token_hash AS "tokenHash", t.device_id AS "deviceId" FROM device_tokens t JOIN devices d ON d.id = t.device_id
     WHERE d.site_id = ? AND t.revoked_at IS NULL ORDER BY t.id`,
  ),
});

/** Reads, for one site, what the agents need to tell who is behind an address: people, devices, roaming tokens. */
export class IdentityTableStore extends SqlStore<ReturnType<typeof prepare>> {
  constructor(db: HubDatabase) {
    super(db, prepare);
  }

  /** `now`: an ISO time in UTC; sanctions that end at or before it are left out. */
  people(siteId: string, now: string): IdentityPersonRow[] {
    return this.statements.people.all({ siteId, now }) as IdentityPersonRow[];
  }

  devices(siteId: string): IdentityDeviceRow[] {
    return this.statements.devices.all(siteId) as IdentityDeviceRow[];
  }

  roamingTokens(siteId: string): IdentityTokenRow[] {
    return this.statements.tokens.all(siteId) as IdentityTokenRow[];
  }
}
