import { TERMINAL_STATES_SQL } from "../domain/incident-workflow.ts";
import { heartbeatMarksSql } from "./heartbeat-marks-sql.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import { rollupSpans } from "./rollup-spans.ts";
import { namesRollup } from "./rollup-store.ts";
import { jsonIntegerValues, jsonMember, jsonTextLiteral, jsonTextValues } from "./sql-json.ts";

export interface Range {
  sites: readonly string[];
  from: string;
  to: string;
}

type Row = Record<string, string | number | null>;

/** Values as a PostgreSQL array literal of text, written into the statement (each quoted). */
const textArray = (values: readonly string[]) =>
  `ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ")}]::text[]`;

/** A month column of the rollups: the monthly rollup's, or an hourly row's month. */
const MONTH: [string, string, string] = ["key", "month", "substr(hour, 1, 7)"];

/** The queries reports are built from: rollups, heartbeats, incidents and their records, policy changes. */
export class ReportStore {
  private readonly db: HubDatabase;

  constructor(db: HubDatabase) {
    this.db = db;
  }

  /**
   * The sites as a subquery written into the statement (site ids come from the caller's scope, not
   * from a request body). On PostgreSQL an array the planner sees the length of: it takes a JSON
   * array function for 100 rows, and for one site scanned a whole rollup or every heartbeat.
   */
  private inSites(sites: readonly string[]): string {
    if (this.db.dialect === "sqlite") return jsonTextLiteral(this.db, sites);
    return `(SELECT unnest(${textArray(sites)}))`;
  }

  /**
   * `site_id` among the sites, for the rollups: on PostgreSQL `= ANY` of an array literal, which
   * their key's index reads in one scan, site after site in key order. Read from disk, a week of the
   * hourly rollup over 2,000 sites took 2.3 s so, and 3.8 s as a join to the sites' subquery.
   */
  private siteIn(sites: readonly string[]): string {
    if (this.db.dialect === "sqlite") return `site_id IN ${jsonTextLiteral(this.db, sites)}`;
    return `site_id = ANY(${textArray(sites)})`;
  }

  private all(sql: string, ...args: unknown[]): Row[] {
    return this.db.prepare(sql).all(...args) as Row[];
  }

  /** Flagged lookups by outcome, group, primary category or site, from the rollups. */
  lookups(range: Range, by: "outcome" | "client_group" | "category" | "site_id", outcome?: string): Row[] {
    return this.fromRollups(range, [["key", by, by]], outcome);
  }

  /** Flagged lookups per calendar month (UTC) with the outcome, in month order. */
  monthly(range: Range, outcome: string): Row[] {
    return this.fromRollups(range, [MONTH], outcome).sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  }

  /**
   * Flagged look-ups of the range by calendar month (UTC), outcome, group and primary category, in
   * one pass over the rollups: a report that takes several figures of them reads them once.
   */
  lookupCounts(range: Range): Row[] {
    return this.fromRollups(range, [
      ["month", "month", "substr(hour, 1, 7)"],
      ["outcome", "outcome", "outcome"],
      ["group", "client_group", "client_group"],
      ["category", "category", "category"],
    ]);
  }

  /**
   * Flagged look-ups of the range summed by some columns, each [name, from a monthly row, from an
   * hourly row], largest first: whole months from the monthly rollup, and hour spans from the
   * hourly one added or taken away (see `rollup-spans.ts`). Each span is a part of its own with one
   * range on its key: an OR of two hour ranges made PostgreSQL scan the whole hourly rollup.
   */
  private fromRollups(range: Range, columns: [string, string, string][], outcome?: string): Row[] {
    const spans = rollupSpans(range.from.slice(0, 13), range.to.slice(0, 13));
    const sites = this.siteIn(range.sites);
    const ofOutcome = outcome ? "AND outcome = ?" : "";
    const names = columns.map(([name]) => `"${name}"`).join(", ");
    const from = (which: 1 | 2) => columns.map((c) => `${c[which]} AS "${c[0]}"`).join(", ");
    const parts = [
      { which: 1 as const, table: "rollup_months", key: "month", span: { ...spans.months, sign: 1 } },
      ...spans.hours.map((span) => ({ which: 2 as const, table: "rollup_events", key: "hour", span })),
    ]
      .filter(({ span }) => span.from < span.to)
      .map(({ which, table, key, span }) => ({
        sql: `SELECT ${from(which)}, ${span.sign < 0 ? "-" : ""}lookups AS n FROM ${table}
          WHERE ${sites} AND ${key} >= ? AND ${key} < ? ${ofOutcome}`,
        args: [span.from, span.to, ...(outcome ? [outcome] : [])],
      }));
    if (parts.length === 0) return [];
    // A row whose hours were all taken away again counts nothing: it is left out, as if never read.
    return this.all(
      `SELECT ${names}, SUM(n) AS n FROM (${parts.map((p) => p.sql).join(" UNION ALL ")}) r
       GROUP BY ${names} HAVING SUM(n) <> 0 ORDER BY n DESC, ${names}`,
      ...parts.flatMap((p) => p.args),
    );
  }

  /** Every look-up (flagged or not) by group and outcome, from the heartbeats' counts. */
  allLookups(range: Range): Row[] {
    return this.all(
      `SELECT client_group AS "group", outcome, SUM(lookups) AS n FROM rollup_queries
       WHERE ${this.siteIn(range.sites)} AND hour >= ? AND hour < ? GROUP BY 1, 2 ORDER BY 1, n DESC`,
      range.from.slice(0, 13),
      range.to.slice(0, 13),
    );
  }

  /** The most looked-up names; `categories` is every category each was counted under, comma-separated. */
  topNames(range: Range, outcome: string, limit: number): Row[] {
    return this.all(
      `SELECT name, MAX(category) AS category, ${bySql(this.db, {
        sqlite: "GROUP_CONCAT(DISTINCT category)",
        postgres: "string_agg(DISTINCT category, ',' ORDER BY category)",
      })} AS categories, SUM(lookups) AS n FROM ${namesRollup(this.db)}
       WHERE ${this.siteIn(range.sites)} AND day >= ? AND day < ? AND outcome = ?
       GROUP BY name ORDER BY n DESC, name LIMIT ?`,
      range.from.slice(0, 10),
      range.to.slice(0, 10),
      outcome,
      limit,
    );
  }

  /** Every heartbeat of the sites' agents in the range, oldest first, with the fields reports use. */
  heartbeats(range: Range): Row[] {
    return this.all(
      `SELECT a.site_id AS "siteId", a.id AS "agentId", h.received_at AS at, h.lists_built_at AS "listsBuiltAt",
         h.update_at AS "updateAt", h.update_ok AS "updateOk", h.update_errors AS "updateErrors"
       FROM heartbeats h JOIN agents a ON a.id = h.agent_id
       WHERE a.site_id IN ${this.inSites(range.sites)} AND h.received_at >= ? AND h.received_at < ? ORDER BY h.received_at`,
      range.from,
      range.to,
    );
  }

  /** The heartbeats that mark each agent's health in the range (see `heartbeat-marks-sql.ts`), by agent, oldest first. */
  heartbeatMarks(range: Range, offlineSeconds: number): Row[] {
    return this.all(heartbeatMarksSql(this.db, this.inSites(range.sites), offlineSeconds), {
      from: range.from,
      to: range.to,
    });
  }

  /** Look-ups per outcome, as the agents' heartbeats counted them. */
  queriesByOutcome(range: Range): Row[] {
    return this.all(
      `SELECT outcome AS key, SUM(lookups) AS n FROM rollup_heartbeat_queries
       WHERE ${this.siteIn(range.sites)} AND hour >= ? AND hour < ? GROUP BY 1 ORDER BY n DESC, key`,
      range.from.slice(0, 13),
      range.to.slice(0, 13),
    );
  }

  upstreamErrors(range: Range): Row[] {
    return this.all(
      `SELECT a.site_id AS site, ${jsonMember(this.db, "u.value", "url")} AS upstream, COUNT(*) AS n,
         MAX(${jsonMember(this.db, "u.value", "lastError")}) AS "lastError"
       FROM heartbeats h JOIN agents a ON a.id = h.agent_id, ${bySql(this.db, {
         sqlite: "json_each(h.unhealthy_upstreams) u",
         postgres: "jsonb_array_elements(h.unhealthy_upstreams::jsonb) u(value)",
       })}
       WHERE a.site_id IN ${this.inSites(range.sites)} AND h.received_at >= ? AND h.received_at < ?
         AND h.unhealthy_upstreams <> '[]'
       GROUP BY 1, 2 ORDER BY n DESC`,
      range.from,
      range.to,
    );
  }

  agents(sites: readonly string[]): Row[] {
    return this.all(
      `SELECT id, site_id AS "siteId", name, created_at AS "createdAt", revoked_at AS "revokedAt" FROM agents WHERE site_id IN ${this.inSites(sites)} ORDER BY site_id, name`,
    );
  }

  /**
   * Incidents whose first lookup (or, reported, whose report) fell in the range (late deliveries count when they
   * happened), with when they were first acted on; at most `limit` (-1: all), oldest first.
   */
  incidents(range: Range, limit = -1): Row[] {
    return this.all(
      `SELECT i.id, i.site_id AS "siteId", i.client_address AS "clientAddress", i.client_group AS "group", i.category,
         i.severity, i.state, i.illegal, i.opened_at AS "openedAt", i.first_seen AS "firstSeen", i.event_count AS "eventCount",
         i.hostname, i.source, i.kind, i.submitted_by AS "submittedBy", i.restricted,
         (SELECT MIN(e.at) FROM incident_entries e WHERE e.incident_id = i.id AND e.kind = 'transition') AS "firstActionAt",
         i.person_id AS "personId", p.display_name AS "personName", p.year_group AS "yearGroup", p.tutor_group AS "tutorGroup",
         i.device_id AS "deviceId"
       FROM incidents i LEFT JOIN people p ON p.id = i.person_id WHERE i.site_id IN ${this.inSites(range.sites)} AND i.first_seen >= ? AND i.first_seen < ? ORDER BY i.id LIMIT ?`,
      range.from,
      range.to,
      // PostgreSQL has no LIMIT -1: a null limit is no limit.
      this.db.dialect === "postgres" && limit < 0 ? null : limit,
    );
  }

  openIncidents(sites: readonly string[]): Row[] {
    return this.all(
      `SELECT severity AS key, COUNT(*) AS n FROM incidents
       WHERE site_id IN ${this.inSites(sites)} AND state NOT IN ${TERMINAL_STATES_SQL} GROUP BY 1`,
    );
  }

  /** Entries of one kind added in the range, with their incident's site. */
  entries(range: Range, kinds: readonly string[]): Row[] {
    return this.all(
      `SELECT e.incident_id AS "incidentId", e.at, e.by_user AS "by", e.kind, e.body, i.site_id AS "siteId", i.category,
         i.source, i.kind AS "incidentKind", i.restricted
       FROM incident_entries e JOIN incidents i ON i.id = e.incident_id
       WHERE i.site_id IN ${this.inSites(range.sites)} AND e.at >= ? AND e.at < ? AND e.kind IN ${jsonTextValues(this.db, "?")}
         AND e.seq NOT IN (SELECT ${bySql(this.db, {
           sqlite: "json_extract(c.body, '$.ofSeq')",
           postgres: "(c.body::jsonb ->> 'ofSeq')::bigint",
         })} FROM incident_entries c WHERE c.kind = 'correction' AND c.incident_id = e.incident_id)
       ORDER BY e.seq`,
      range.from,
      range.to,
      JSON.stringify(kinds),
    );
  }

  /** Every entry of the given incidents, for the incident log. */
  entriesOf(incidentIds: readonly number[]): Row[] {
    return this.all(
      `SELECT seq, incident_id AS "incidentId", at, by_user AS "by", kind, body FROM incident_entries
       WHERE incident_id IN ${jsonIntegerValues(this.db, "?")} ORDER BY seq`,
      JSON.stringify(incidentIds),
    );
  }

  /**
   * The watch list at the range's sites, soonest review first: each person with their watch, and
   * what is new in the range (incidents raised, flagged look-ups).
   */
  watchList(range: Range): Row[] {
    return this.all(
      `SELECT w.person_id AS "personId", p.site_id AS "siteId", p.display_name AS "personName", p.year_group AS "yearGroup",
         p.tutor_group AS "tutorGroup", w.reason, w.review_on AS "reviewOn", w.set_by AS "setBy",
         (SELECT COUNT(*) FROM incidents i WHERE i.person_id = w.person_id AND i.first_seen >= @from AND i.first_seen < @to)
           AS "newIncidents",
         (SELECT COUNT(*) FROM events e WHERE e.site_id = p.site_id AND e.time >= @from AND e.time < @to
           AND e.person_id = w.person_id) AS "flaggedEvents"
       FROM person_watch w JOIN people p ON p.id = w.person_id
       WHERE p.site_id IN ${this.inSites(range.sites)} ORDER BY w.review_on, p.display_name`,
      { from: range.from, to: range.to },
    );
  }

  policyChanges(range: Range): Row[] {
    return this.all(
      `SELECT seq, site_id AS "siteId", at, changed_by AS "changedBy", reason, old_body AS "oldBody", new_body AS "newBody"
       FROM policy_changes WHERE site_id IN ${this.inSites(range.sites)} AND at >= ? AND at < ? ORDER BY seq`,
      range.from,
      range.to,
    );
  }

  auditCount(range: { from: string; to: string }, actionPrefix: string): number {
    return this.db
      .prepare(
        bySql(this.db, {
          sqlite: "SELECT COUNT(*) FROM audit_log WHERE at >= ? AND at < ? AND action LIKE ?",
          // SQLite's LIKE ignores ASCII case.
          postgres: "SELECT COUNT(*) FROM audit_log WHERE at >= ? AND at < ? AND action ILIKE ?",
        }),
      )
      .pluck()
      .get(range.from, range.to, `${actionPrefix}%`) as number;
  }

  alertsByStatus(range: Range): Row[] {
    return this.all(
      `SELECT a.status AS key, COUNT(*) AS n FROM alerts a JOIN incidents i ON i.id = a.incident_id
       WHERE i.site_id IN ${this.inSites(range.sites)} AND a.at >= ? AND a.at < ? GROUP BY 1`,
      range.from,
      range.to,
    );
  }

  /** Identifies the data a report was built from (not the audit log, which every report generation extends). */
  dataVersion(): string {
    const one = (sql: string) => (this.db.prepare(sql).pluck().get() as string | number | null) ?? 0;
    return [
      `events#${one("SELECT value FROM settings WHERE key = 'events.stored'")}`,
      `entries#${one("SELECT MAX(seq) FROM incident_entries")}`,
      `alerts#${one("SELECT MAX(id) FROM alerts")}`,
      `policy#${one("SELECT MAX(seq) FROM policy_changes")}`,
    ].join(" ");
  }
}
