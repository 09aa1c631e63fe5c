import type { StoredEvent } from "./event-store.ts";
import type { HubDatabase } from "./hub-database.ts";
import { inList } from "./portable-sql.ts";
import { namesRollup } from "./rollup-store.ts";
import { jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

export interface EventRow extends StoredEvent {
  receivedAt: string;
  incidentId: number | null;
}

export interface EventFilter {
  sites: readonly string[] | null;
  site?: string;
  group?: string;
  category?: string;
  client?: string;
  outcome?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Keyset paging, newest first: events before this (time, id). */
  before?: { time: string; id: string };
}

const COLUMNS = `id, incident_id AS "incidentId", site_id AS "siteId", agent_id AS "agentId", time, client_address AS "clientAddress",
  client_group AS "group", hostname, mac, name, qtype, outcome, categories, monitored, list,
  list_version AS "listVersion", rule, locked, received_at AS "receivedAt"`;

type RawEvent = Omit<EventRow, "categories" | "monitored" | "locked"> & {
  categories: string;
  monitored: string;
  locked: number;
};
const toEvent = (row: RawEvent): EventRow => ({
  ...row,
  categories: JSON.parse(row.categories) as string[],
  monitored: JSON.parse(row.monitored) as string[],
  locked: row.locked === 1,
});

const prepareStatements = (db: HubDatabase) => ({
  context: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE site_id = ? AND client_address = ? AND time BETWEEN ? AND ? ORDER BY time LIMIT ?`,
  ),
  // An incident's events lie between its first and last lookup: the site and time index finds them.
  ofIncident: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE site_id = ? AND client_address = ? AND time BETWEEN ? AND ? AND incident_id = ? ORDER BY time LIMIT ?`,
  ),
  // The days a name was flagged at a site, newest first: the names rollup holds one row a day,
  // site, outcome and name. Events hold no index by name (one cost a sixth of ingest on PostgreSQL).
  daysOfName: db
    .prepare(`SELECT DISTINCT day FROM ${namesRollup(db)} WHERE site_id = ? AND name = ? ORDER BY day DESC`)
    .pluck(),
  latestOfNameOn: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE site_id = ? AND time >= ? AND time < ? AND name = ? ORDER BY time DESC LIMIT 1`,
  ),
  // Matches of a locked list are few: a partial index holds them by name.
  latestLockedOfName: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE site_id = ? AND name = ? AND locked = 1 ORDER BY time DESC LIMIT 1`,
  ),
  byClient: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE client_address = ? OR hostname = ? OR mac = ? ORDER BY time`,
  ),
});

/** Reading stored events: searches, an incident's context, everything about one client. */
export class EventQueryStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /**
   * The latest flagged look-up of a name at a site: what the lists last said of it. Found day by
   * day, newest first, among the days the names rollup counted the name (each day read through the
   * site and time index), so a look-up older than the rollups (kept 400 days by default, longer
   * than raw events) is not read.
   */
  latestOfName(siteId: string, name: string): EventRow | undefined {
    for (const day of this.statements.daysOfName.all(siteId, name) as string[]) {
      const row = this.statements.latestOfNameOn.get(siteId, day, nextDay(day), name) as RawEvent | undefined;
      if (row) return toEvent(row);
    }
    return undefined;
  }

  /** The latest look-up of a name at a site that matched a locked list, if any did. */
  latestLockedOfName(siteId: string, name: string): EventRow | undefined {
    const row = this.statements.latestLockedOfName.get(siteId, name) as RawEvent | undefined;
    return row ? toEvent(row) : undefined;
  }

  /** One client's flagged lookups at one site between two times. */
  context(siteId: string, clientAddress: string, from: string, to: string, limit: number): EventRow[] {
    return (this.statements.context.all(siteId, clientAddress, from, to, limit) as RawEvent[]).map(toEvent);
  }

  ofIncident(
    incident: { id: number; siteId: string; clientAddress: string; firstSeen: string; lastSeen: string },
    limit: number,
  ): EventRow[] {
    const { id, siteId, clientAddress, firstSeen, lastSeen } = incident;
    return (this.statements.ofIncident.all(siteId, clientAddress, firstSeen, lastSeen, id, limit) as RawEvent[]).map(
      toEvent,
    );
  }

  /**
   * Every event of one client identifier (address, host name or MAC), oldest first; within `sites`
   * when given. No index holds those identifiers, so across all sites this reads every event (about
   * 19 s at 100 million on PostgreSQL); within a school's sites it reads theirs alone, by the
   * (site, time) index.
   */
  byClient(client: string, sites: readonly string[] | null = null): EventRow[] {
    if (sites === null) return (this.statements.byClient.all(client, client, client) as RawEvent[]).map(toEvent);
    if (sites.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM events WHERE site_id IN (${inList(sites.length)})
           AND (client_address = ? OR hostname = ? OR mac = ?) ORDER BY time`,
      )
      .all(...sites, client, client, client) as RawEvent[];
    return rows.map(toEvent);
  }

  search(filter: EventFilter): EventRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (filter.sites) add(`site_id IN (${inList(filter.sites.length)})`, ...filter.sites);
    if (filter.site) add("site_id = ?", filter.site);
    if (filter.group) add("client_group = ?", filter.group);
    if (filter.outcome) add("outcome = ?", filter.outcome);
    if (filter.client)
      add("(client_address = ? OR hostname = ? OR mac = ?)", filter.client, filter.client, filter.client);
    if (filter.category)
      add(
        `(? IN ${jsonTextValues(this.db, "categories")} OR ? IN ${jsonTextValues(this.db, "monitored")})`,
        filter.category,
        filter.category,
      );
    if (filter.from) add("time >= ?", filter.from);
    if (filter.to) add("time < ?", filter.to);
    if (filter.before)
      add("(time < ? OR (time = ? AND id < ?))", filter.before.time, filter.before.time, filter.before.id);
    const sql = `SELECT ${COLUMNS} FROM events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY time DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as RawEvent[]).map(toEvent);
  }
}

/** The day after `day` (YYYY-MM-DD, UTC). */
function nextDay(day: string): string {
  return new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
}
