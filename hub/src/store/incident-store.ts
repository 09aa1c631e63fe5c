import type { IncidentSource } from "../domain/incident-kinds.ts";
import { TERMINAL_STATES_SQL } from "../domain/incident-workflow.ts";
import type { Severity } from "../domain/severity.ts";
import type { HubDatabase } from "./hub-database.ts";
import { inList } from "./portable-sql.ts";
import { jsonIntegerValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

export interface IncidentRow {
  id: number;
  siteId: string;
  clientAddress: string;
  hostname: string | null;
  mac: string | null;
  group: string;
  category: string;
  autoSeverity: Severity;
  severity: Severity;
  state: string;
  illegal: boolean;
  openedAt: string;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  repeatEscalated: boolean;
  /** The filter raised it, or a person reported it (then it has no client or events, and category is ""). */
  source: IncidentSource;
  kind: string;
  /** The user who reported it; null for the filter's. */
  submittedBy: string | null;
  /** Seen only by the users on its route (a concern about a member of staff). */
  restricted: boolean;
  /** Who was behind it, when the hub knew: the person, their device, the user name an identity source gave. */
  personId: number | null;
  deviceId: number | null;
  userName: string | null;
}

export interface IncidentEntry {
  seq: number;
  incidentId: number;
  at: string;
  by: string;
  kind: string;
  body: Record<string, unknown>;
}

export interface IncidentFilter {
  sites: readonly string[] | null;
  states?: readonly string[];
  severities?: readonly string[];
  category?: string;
  limit: number;
  /** Keyset paging: incidents with a smaller id. */
  beforeId?: number;
  /** Only incidents this user reported: what a staff user sees. */
  submittedBy?: string;
  kinds?: readonly string[];
  /** Restricted incidents are left out except at these sites (null: every site; absent: none). */
  restrictedSites?: readonly string[] | null;
}

export const INCIDENT_COLUMNS = `id, site_id AS "siteId", client_address AS "clientAddress", hostname, mac, client_group AS "group",
  category, auto_severity AS "autoSeverity", severity, state, illegal, opened_at AS "openedAt", first_seen AS "firstSeen",
  last_seen AS "lastSeen", event_count AS "eventCount", repeat_escalated AS "repeatEscalated", source, kind,
  submitted_by AS "submittedBy", restricted, person_id AS "personId", device_id AS "deviceId", user_name AS "userName"`;

export type RawIncident = Omit<IncidentRow, "illegal" | "repeatEscalated" | "restricted"> & {
  illegal: number;
  repeatEscalated: number;
  restricted: number;
};
export const toIncident = (row: RawIncident): IncidentRow => ({
  ...row,
  illegal: row.illegal === 1,
  repeatEscalated: row.repeatEscalated === 1,
  restricted: row.restricted === 1,
});

/** A new incident: the filter's give only the columns they always had, and who was behind it when known. */
export type NewIncident = Omit<IncidentRow, "id" | "state" | "repeatEscalated" | keyof IncidentOrigin> &
  Partial<IncidentOrigin>;
type IncidentOrigin = Pick<
  IncidentRow,
  "source" | "kind" | "submittedBy" | "restricted" | "personId" | "deviceId" | "userName"
>;
const FILTER_ORIGIN: IncidentOrigin = {
  source: "filter",
  kind: "filtered-lookup",
  submittedBy: null,
  restricted: false,
  personId: null,
  deviceId: null,
  userName: null,
};

/** What the engine keeps up to date of an incident it fills. */
export interface IncidentAggregate {
  id: number;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  autoSeverity: Severity;
  severity: Severity;
  repeatEscalated: boolean;
  hostname: string | null;
  mac: string | null;
  /** The device and user name of the latest look-up: a person's incident may gather several devices. */
  deviceId?: number | null;
  userName?: string | null;
}

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(
    `INSERT INTO incidents (site_id, client_address, hostname, mac, client_group, category, auto_severity, severity,
      state, illegal, opened_at, first_seen, last_seen, event_count, source, kind, submitted_by, restricted,
      person_id, device_id, user_name, engine_key)
     VALUES (@siteId, @clientAddress, @hostname, @mac, @group, @category, @autoSeverity, @severity, 'new', @illegal,
      @openedAt, @firstSeen, @lastSeen, @eventCount, @source, @kind, @submittedBy, @restricted,
      @personId, @deviceId, @userName, @engineKey)
     RETURNING id`,
  ),
  aggregate: db.prepare(
    `UPDATE incidents SET first_seen = @firstSeen, last_seen = @lastSeen, event_count = @eventCount, auto_severity = @autoSeverity,
      severity = @severity, repeat_escalated = @repeatEscalated, hostname = COALESCE(@hostname, hostname),
      mac = COALESCE(@mac, mac), device_id = COALESCE(@deviceId, device_id), user_name = COALESCE(@userName, user_name)
     WHERE id = @id`,
  ),
  entry: db
    .prepare("INSERT INTO incident_entries (incident_id, at, by_user, kind, body) VALUES (?, ?, ?, ?, ?) RETURNING seq")
    .pluck(),
  // An incident leaving the open states gives its engine key up: new lookups start a new incident.
  setState: db.prepare(
    `UPDATE incidents SET state = @state,
      engine_key = CASE WHEN @state IN ${TERMINAL_STATES_SQL} THEN NULL ELSE engine_key END WHERE id = @id`,
  ),
  byEngineKey: db.prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE engine_key = ?`),
  releaseEngineKey: db.prepare("UPDATE incidents SET engine_key = NULL WHERE engine_key = ?"),
  latestEventTimes: db.prepare("SELECT time FROM events WHERE incident_id = ? ORDER BY time DESC LIMIT ?"),
  setSeverity: db.prepare("UPDATE incidents SET severity = ? WHERE id = ?"),
  get: db.prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`),
  entries: db.prepare(
    'SELECT seq, incident_id AS "incidentId", at, by_user AS "by", kind, body FROM incident_entries WHERE incident_id = ? ORDER BY seq',
  ),
  recentOpen: db.prepare(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE state NOT IN ${TERMINAL_STATES_SQL} AND last_seen >= ? AND source = 'filter'`,
  ),
  ofPeople: db.prepare(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE person_id IN ${jsonIntegerValues(db, "?")} AND id <> ?
     ORDER BY id DESC LIMIT ?`,
  ),
  byClient: db.prepare(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE client_address = ? OR hostname = ? OR mac = ? ORDER BY id`,
  ),
  totals: db.prepare("SELECT COUNT(*) AS incidents, COALESCE(SUM(event_count), 0) AS events FROM incidents"),
});

/** Incidents, the events each gathers, and each one's append-only record of entries. */
export class IncidentStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Stores a new incident; `engineKey` when the engine fills it (unique: one per subject and category at a time). */
  insert(incident: NewIncident, engineKey: string | null = null): number {
    const row = { ...FILTER_ORIGIN, ...incident, engineKey };
    const inserted = this.statements.insert.get({
      ...row,
      illegal: row.illegal ? 1 : 0,
      restricted: row.restricted ? 1 : 0,
    }) as { id: number };
    return Number(inserted.id);
  }

  updateAggregate(update: IncidentAggregate): void {
    this.statements.aggregate.run({
      ...update,
      repeatEscalated: update.repeatEscalated ? 1 : 0,
      deviceId: update.deviceId ?? null,
      userName: update.userName ?? null,
    });
  }

  appendEntry(incidentId: number, at: string, by: string, kind: string, body: unknown): number {
    return Number(this.statements.entry.get(incidentId, at, by, kind, JSON.stringify(body)));
  }

  /** State and severity are projections of the entries, written with them in one transaction. */
  setState(id: number, state: string): void {
    this.statements.setState.run({ state, id });
  }

  /** The incident the engine is filling under `engineKey` (site, subject and category), if any. */
  byEngineKey(engineKey: string): IncidentRow | undefined {
    const row = this.statements.byEngineKey.get(engineKey) as RawIncident | undefined;
    return row ? toIncident(row) : undefined;
  }

  /** The engine stops filling the incident under `engineKey` (its window lapsed): the next one takes the key. */
  releaseEngineKey(engineKey: string): void {
    this.statements.releaseEngineKey.run(engineKey);
  }

  /** The times (epoch ms) of an incident's latest `count` stored events, oldest first. */
  latestEventTimes(incidentId: number, count: number): number[] {
    return (this.statements.latestEventTimes.all(incidentId, count) as { time: string }[])
      .map((row) => Date.parse(row.time))
      .reverse();
  }

  setSeverity(id: number, severity: Severity): void {
    this.statements.setSeverity.run(severity, id);
  }

  get(id: number): IncidentRow | undefined {
    const row = this.statements.get.get(id) as RawIncident | undefined;
    return row ? toIncident(row) : undefined;
  }

  entries(id: number): IncidentEntry[] {
    return (this.statements.entries.all(id) as (Omit<IncidentEntry, "body"> & { body: string })[]).map((row) => ({
      ...row,
      body: JSON.parse(row.body) as Record<string, unknown>,
    }));
  }

  /** Open incidents seen since `since`: the engine's working set after a restart. */
  recentOpen(since: string): IncidentRow[] {
    return (this.statements.recentOpen.all(since) as RawIncident[]).map(toIncident);
  }

  /** How many incidents there are, and how many events they gather between them. */
  totals(): { incidents: number; events: number } {
    return this.statements.totals.get() as { incidents: number; events: number };
  }

  /** Incidents of any of `people` other than `except`, newest first: a person's history. */
  ofPeople(people: readonly number[], except: number, limit: number): IncidentRow[] {
    return (this.statements.ofPeople.all(JSON.stringify(people), except, limit) as RawIncident[]).map(toIncident);
  }

  byClient(client: string): IncidentRow[] {
    return (this.statements.byClient.all(client, client, client) as RawIncident[]).map(toIncident);
  }

  list(filter: IncidentFilter): IncidentRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.sites) {
      where.push(`site_id IN (${inList(filter.sites.length)})`);
      args.push(...filter.sites);
    }
    if (filter.states?.length) {
      where.push(`state IN (${inList(filter.states.length)})`);
      args.push(...filter.states);
    }
    if (filter.severities?.length) {
      where.push(`severity IN (${inList(filter.severities.length)})`);
      args.push(...filter.severities);
    }
    if (filter.category) {
      where.push("category = ?");
      args.push(filter.category);
    }
    if (filter.submittedBy !== undefined) {
      where.push("submitted_by = ?");
      args.push(filter.submittedBy);
    }
    if (filter.kinds?.length) {
      where.push(`kind IN (${inList(filter.kinds.length)})`);
      args.push(...filter.kinds);
    }
    if (filter.restrictedSites !== null) {
      const sites = filter.restrictedSites ?? [];
      where.push(`(restricted = 0 OR site_id IN (${inList(sites.length)}))`);
      args.push(...sites);
    }
    if (filter.beforeId) {
      where.push("id < ?");
      args.push(filter.beforeId);
    }
    const sql = `SELECT ${INCIDENT_COLUMNS} FROM incidents ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as RawIncident[]).map(toIncident);
  }
}
