import type { HubDatabase } from "./hub-database.ts";
import { inList } from "./portable-sql.ts";
import { SqlStore } from "./sql-store.ts";

/** A flagged look-up matched to a person or one of their devices, as a subject-access export lists it. */
export interface PersonEventRow {
  id: string;
  siteId: string;
  time: string;
  clientAddress: string;
  hostname: string | null;
  mac: string | null;
  user: string | null;
  personId: number | null;
  deviceId: number | null;
  name: string;
  outcome: string;
  categories: string[];
  incidentId: number | null;
}

const EVENT_COLUMNS = `id, site_id AS "siteId", time, client_address AS "clientAddress", hostname, mac, user_name AS "user",
  person_id AS "personId", device_id AS "deviceId", name, outcome, categories, incident_id AS "incidentId"`;

/**
 * What the hub holds about one person beyond their record: the events and incidents that name them
 * or their devices (by id, or by their devices' MACs), for subject access and erasure. The lists of
 * devices and MACs are one person's (a handful), so the statements are built per call.
 */
export class PersonRecordsStore extends SqlStore<Record<string, never>> {
  constructor(db: HubDatabase) {
    super(db, () => ({}));
  }

  /**
   * Events at the person's site matched to them or their devices, or from one of their MACs,
   * oldest first. No index holds those columns: the site's (site, time) index finds the site's
   * events, where across every site each would be read (about 16 s at 100 million on PostgreSQL).
   */
  events(siteId: string, personId: number, deviceIds: readonly number[], macs: readonly string[]): PersonEventRow[] {
    const rows = this.db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE site_id = ? AND (person_id = ?
           OR device_id IN (${inList(deviceIds.length)}) OR mac IN (${inList(macs.length)})) ORDER BY time, id`,
      )
      .all(siteId, personId, ...deviceIds, ...macs) as (Omit<PersonEventRow, "categories"> & { categories: string })[];
    return rows.map((row) => ({ ...row, categories: JSON.parse(row.categories) as string[] }));
  }

  /** Ids of the incidents that name the person or one of their devices, or came from one of their MACs. */
  incidentIds(personId: number, deviceIds: readonly number[], macs: readonly string[]): number[] {
    return this.db
      .prepare(
        `SELECT id FROM incidents WHERE person_id = ? OR device_id IN (${inList(deviceIds.length)})
           OR mac IN (${inList(macs.length)}) ORDER BY id`,
      )
      .pluck()
      .all(personId, ...deviceIds, ...macs) as number[];
  }

  /**
   * Removes the person's name from events no incident holds: the user name, person and device ids
   * are cleared; the look-ups themselves stay for their own retention period, by address only.
   */
  unlinkEvents(personId: number, deviceIds: readonly number[]): number {
    return this.db
      .prepare(
        `UPDATE events SET user_name = NULL, person_id = NULL, device_id = NULL
         WHERE incident_id IS NULL AND (person_id = ? OR device_id IN (${inList(deviceIds.length)}))`,
      )
      .run(personId, ...deviceIds).changes;
  }
}
