import type { HubDatabase } from "./hub-database.ts";
import {
  INCIDENT_COLUMNS,
  type IncidentAggregate,
  type IncidentRow,
  type IncidentStore,
  type RawIncident,
  toIncident,
} from "./incident-store.ts";
import { jsonTextValues } from "./sql-json.ts";

/** PostgreSQL: each incident's latest event times, read through the (incident_id, time) index per incident. */
const LATEST_TIMES_POSTGRES = `SELECT i.id, latest.time
  FROM json_array_elements_text(?::json) AS i(id)
  CROSS JOIN LATERAL (SELECT time FROM events WHERE incident_id = i.id::bigint ORDER BY time DESC LIMIT ?) AS latest`;

/** PostgreSQL: every aggregate of a batch in one statement, its rows read from a JSON array. */
const AGGREGATES_POSTGRES = `UPDATE incidents AS i SET first_seen = u."firstSeen", last_seen = u."lastSeen",
    event_count = u."eventCount", auto_severity = u."autoSeverity", severity = u.severity,
    repeat_escalated = u."repeatEscalated", hostname = COALESCE(u.hostname, i.hostname), mac = COALESCE(u.mac, i.mac),
    device_id = COALESCE(u."deviceId", i.device_id), user_name = COALESCE(u."userName", i.user_name)
  FROM json_to_recordset(?::json) AS u(id bigint, "firstSeen" text, "lastSeen" text, "eventCount" bigint,
    "autoSeverity" text, severity text, "repeatEscalated" integer, hostname text, mac text, "deviceId" bigint,
    "userName" text)
  WHERE i.id = u.id`;

/**
 * The incident engine's reads and writes of one batch, set-based: the open incidents of all the
 * batch's keys, their latest event times, and the aggregates it changed. On PostgreSQL each is one
 * statement (a round trip each, where one per incident made most of ingest's time); on SQLite,
 * in process, the writes stay one prepared statement per incident, which is as quick.
 */
export class EngineIncidentStore {
  private readonly incidents: IncidentStore;
  private readonly byKeys;
  private readonly latestTimes;
  private readonly aggregates;

  constructor(db: HubDatabase, incidents: IncidentStore) {
    this.incidents = incidents;
    this.byKeys = db.prepare(
      `SELECT ${INCIDENT_COLUMNS}, engine_key AS "engineKey" FROM incidents
       WHERE engine_key IS NOT NULL AND engine_key IN ${jsonTextValues(db, "?")}`,
    );
    const postgres = db.dialect === "postgres";
    this.latestTimes = postgres ? db.prepare(LATEST_TIMES_POSTGRES) : null;
    this.aggregates = postgres ? db.prepare(AGGREGATES_POSTGRES) : null;
  }

  /** The incidents the engine fills under any of `keys`, by key (a key with none is absent). */
  openByKeys(keys: readonly string[]): Map<string, IncidentRow> {
    const found = new Map<string, IncidentRow>();
    if (keys.length === 0) return found;
    for (const row of this.byKeys.all(JSON.stringify(keys)) as (RawIncident & { engineKey: string })[]) {
      const { engineKey, ...incident } = row;
      found.set(engineKey, toIncident(incident));
    }
    return found;
  }

  /** The times (epoch ms) of each incident's latest `count` stored events, oldest first. */
  latestEventTimes(ids: readonly number[], count: number): Map<number, number[]> {
    const times = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (this.latestTimes === null) {
      for (const id of ids) times.set(id, this.incidents.latestEventTimes(id, count));
      return times;
    }
    if (ids.length === 0) return times;
    const rows = this.latestTimes.all(JSON.stringify(ids.map(String)), count) as { id: string; time: string }[];
    for (const row of rows) times.get(Number(row.id))?.push(Date.parse(row.time));
    for (const list of times.values()) list.sort((a, b) => a - b);
    return times;
  }

  /** Stores the aggregates of the incidents a batch joined. */
  updateAggregates(updates: readonly IncidentAggregate[]): void {
    if (this.aggregates === null) {
      for (const update of updates) this.incidents.updateAggregate(update);
      return;
    }
    if (updates.length === 0) return;
    const rows = updates.map((u) => ({
      ...u,
      repeatEscalated: u.repeatEscalated ? 1 : 0,
      deviceId: u.deviceId ?? null,
      userName: u.userName ?? null,
    }));
    this.aggregates.run(JSON.stringify(rows));
  }
}
