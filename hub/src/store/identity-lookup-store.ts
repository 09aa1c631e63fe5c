import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** What an agent said about who was behind an event: its ids (the hub's, as text), user name and hardware address. */
export interface IdentityClaim {
  siteId: string;
  person: number | null;
  device: number | null;
  user: string | null;
  mac: string | null;
}

/** The person and device the hub matched an event to, from its own tables. */
export interface ResolvedIdentity {
  personId: number | null;
  deviceId: number | null;
}

/** A person as incident pages and reports name them: display name, year and tutor group. */
export interface PersonSummary {
  id: number;
  siteId: string;
  displayName: string;
  externalId: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  /** Directory tags (JSON text as stored). */
  tags: string;
}

const prepareStatements = (db: HubDatabase) => ({
  deviceById: db.prepare(`SELECT id, owner_id AS "ownerId" FROM devices WHERE id = ? AND site_id = ?`),
  deviceByMac: db.prepare(`SELECT id, owner_id AS "ownerId" FROM devices WHERE site_id = ? AND mac = ?`),
  personById: db.prepare("SELECT id FROM people WHERE id = ? AND site_id = ?").pluck(),
  personByLogin: db
    .prepare(`SELECT id FROM people WHERE site_id = @site
       AND (username = @login OR external_id = @login OR username = @given OR external_id = @given) LIMIT 1`)
    .pluck(),
  sameExternal: db
    .prepare(
      `SELECT o.id FROM people p JOIN people o ON o.external_id = p.external_id
       WHERE p.id = ? AND p.external_id IS NOT NULL ORDER BY o.id`,
    )
    .pluck(),
  person: db.prepare(
    `SELECT id, site_id AS "siteId", display_name AS "displayName", external_id AS "externalId", year_group AS "yearGroup",
      tutor_group AS "tutorGroup", tags FROM people WHERE id = ?`,
  ),
});

type DeviceRow = { id: number; ownerId: number | null };

/**
 * Reads the site's people and devices to match events to them at ingest: the agent's ids are
 * trusted only when they belong to the agent's own site. A user name matches a login or an
 * external id in lower case (as the directory import stores logins) or exactly as given, so the
 * lookup stays on the indexes.
 */
export class IdentityLookupStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /**
   * The device: by the agent's id when it is the site's, else by hardware address. The person: by
   * the agent's id when it is the site's, else by user name (login or external id), else the
   * device's owner.
   */
  resolve(claim: IdentityClaim): ResolvedIdentity {
    const s = this.statements;
    let device = claim.device === null ? undefined : (s.deviceById.get(claim.device, claim.siteId) as DeviceRow);
    const mac = normalMac(claim.mac);
    if (!device && mac) device = s.deviceByMac.get(claim.siteId, mac) as DeviceRow | undefined;
    let personId = claim.person === null ? undefined : (s.personById.get(claim.person, claim.siteId) as number);
    const given = claim.user?.trim();
    if (personId === undefined && given)
      personId = s.personByLogin.get({ site: claim.siteId, login: given.toLowerCase(), given }) as number | undefined;
    return { personId: personId ?? device?.ownerId ?? null, deviceId: device?.id ?? null };
  }

  /**
   * The person and their records at other sites: the same external id (the MIS's pupil number)
   * at any site, so a trust's schools see one pupil's history. Always includes `id` itself.
   */
  samePerson(id: number): number[] {
    const ids = this.statements.sameExternal.all(id) as number[];
    return ids.length > 0 ? ids : [id];
  }

  /** One person's name and groups, or undefined when there is no such person. */
  person(id: number): PersonSummary | undefined {
    return this.statements.person.get(id) as PersonSummary | undefined;
  }
}

/** A hardware address as devices store it: lower case, colons. */
export function normalMac(mac: string | null): string | null {
  const text = mac?.trim().toLowerCase().replaceAll("-", ":");
  return text ? text : null;
}
