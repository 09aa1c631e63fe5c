import type { HubDatabase } from "./hub-database.ts";
import { inJsonArray } from "./sql-json.ts";
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

/**
 * The statements that read one site's rows for a batch's claims at once (a JSON array of ids,
 * addresses or logins), each value looked up in the site's unique indexes (partial: hence the IS
 * NOT NULL), so a batch costs its own claims, not the size of the site's directory.
 */
export const identityLookupSql = (db: Pick<HubDatabase, "dialect">) => ({
  devicesById: `SELECT id, mac, owner_id AS "ownerId" FROM devices WHERE site_id = ? AND ${inJsonArray(db, "id", "?", true)}`,
  devicesByMac: `SELECT id, mac, owner_id AS "ownerId" FROM devices
     WHERE site_id = ? AND mac IS NOT NULL AND ${inJsonArray(db, "mac", "?")}`,
  peopleById: `SELECT id FROM people WHERE site_id = ? AND ${inJsonArray(db, "id", "?", true)}`,
  peopleByLogin: `SELECT id, username, external_id AS "externalId" FROM people WHERE site_id = @site
       AND ((username IS NOT NULL AND ${inJsonArray(db, "username", "@logins")})
         OR (external_id IS NOT NULL AND ${inJsonArray(db, "external_id", "@logins")}))
     ORDER BY id`,
});

const prepareStatements = (db: HubDatabase, sql = identityLookupSql(db)) => ({
  devicesById: db.prepare(sql.devicesById),
  devicesByMac: db.prepare(sql.devicesByMac),
  peopleById: db.prepare(sql.peopleById).pluck(),
  peopleByLogin: db.prepare(sql.peopleByLogin),
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

type DeviceRow = { id: number; mac: string | null; ownerId: number | null };
type LoginRow = { id: number; username: string | null; externalId: string | null };

/** Rows by a column, the first of each value kept (rows come in id order). */
function rowsBy<K extends "id" | "mac">(rows: DeviceRow[], column: K): Map<DeviceRow[K], DeviceRow> {
  const found = new Map<DeviceRow[K], DeviceRow>();
  for (const row of rows) if (!found.has(row[column])) found.set(row[column], row);
  return found;
}

/** Each login and external id of `rows` to its person, the first by id where two share one. */
function loginIndex(rows: readonly LoginRow[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const row of rows)
    for (const name of [row.username, row.externalId]) if (name !== null && !index.has(name)) index.set(name, row.id);
  return index;
}

/** The person a user name names: a login or an external id, in lower case or as given; the first by id. */
function personOfLogin(index: ReadonlyMap<string, number>, given: string): number | undefined {
  const found = [index.get(given.toLowerCase()), index.get(given)].filter((id) => id !== undefined);
  return found.length > 0 ? Math.min(...found) : undefined;
}

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
    return this.resolveAll(claim.siteId, [claim])[0] as ResolvedIdentity;
  }

  /**
   * `resolve` for many claims at one site, in at most four queries whatever their number (none for
   * a kind of claim the batch does not make): a batch of events is matched without a round trip to
   * the database per client.
   */
  resolveAll(siteId: string, claims: readonly Omit<IdentityClaim, "siteId">[]): ResolvedIdentity[] {
    const s = this.statements;
    // The rows of one statement for the distinct values given, or none without asking when there are none.
    const rowsOf = <T>(statement: { all(...args: unknown[]): unknown[] }, values: unknown[], named?: "logins") => {
      if (values.length === 0) return [] as T[];
      const json = JSON.stringify([...new Set(values)]);
      return (named ? statement.all({ site: siteId, logins: json }) : statement.all(siteId, json)) as T[];
    };
    const given = claims.map((claim) => claim.user?.trim() || null);
    const macs = claims.map((claim) => normalMac(claim.mac));
    const logins = given.flatMap((login) => (login ? [login, login.toLowerCase()] : []));
    const deviceIds = claims.flatMap((claim) => claim.device ?? []);
    const personIds = claims.flatMap((claim) => claim.person ?? []);
    const devicesById = rowsBy(rowsOf<DeviceRow>(s.devicesById, deviceIds), "id");
    const devicesByMac = rowsBy(rowsOf<DeviceRow>(s.devicesByMac, macs.filter(Boolean)), "mac");
    const people = new Set(rowsOf<number>(s.peopleById, personIds));
    const byLogin = loginIndex(rowsOf<LoginRow>(s.peopleByLogin, logins, "logins"));
    return claims.map((claim, i) => {
      const device =
        (claim.device === null ? undefined : devicesById.get(claim.device)) ?? devicesByMac.get(macs[i] ?? "");
      const login = given[i];
      const personId =
        (claim.person !== null && people.has(claim.person) ? claim.person : undefined) ??
        (login ? personOfLogin(byLogin, login) : undefined);
      return { personId: personId ?? device?.ownerId ?? null, deviceId: device?.id ?? null };
    });
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
