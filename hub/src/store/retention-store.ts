import { TERMINAL_STATES_SQL } from "../domain/incident-workflow.ts";
import { type EventMonth, EventPartitions, monthBoundBefore } from "./event-partitions.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import { deleteEventsCountingPurges, MonthEventCounts } from "./pg/month-event-counts.ts";
import { SqlStore } from "./sql-store.ts";

/** An ISO time `@minutes` before (sign -1) or after (1) a time column, as SQLite's strftime writes it. */
const pgShifted = (column: string, sign: "-" | "+") =>
  `to_char((${column}::timestamptz ${sign} make_interval(mins => @minutes)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** On PostgreSQL: an event `e` retention keeps, as evidence of an incident or in its context window. */
const PG_KEPT_EVENT = `((e.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM incidents k WHERE k.id = e.incident_id))
  OR EXISTS (SELECT 1 FROM incidents i WHERE i.site_id = e.site_id AND i.client_address = e.client_address
    AND e.time BETWEEN ${pgShifted("i.first_seen", "-")} AND ${pgShifted("i.last_seen", "+")}))`;

/**
 * On PostgreSQL: the row ids of the events of a detached month (`table`) that retention keeps, the
 * same events as PG_KEPT_EVENT picks, found from the incidents whose window reaches into the month
 * (@from, @to) rather than by testing every event of the month against the incidents. Each such
 * incident looks up its own window through the month's (site_id, time) index (the OFFSET keeps the
 * planner from hashing the whole month instead: 1.9 s for a month of 2.2 million events).
 */
const pgKeptInMonth = (table: string) => `
  SELECT x.ctid FROM ${table} x WHERE x.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM incidents k WHERE k.id = x.incident_id)
  UNION
  SELECT w.ctid FROM incidents i CROSS JOIN LATERAL (
    SELECT x.ctid FROM ${table} x WHERE x.site_id = i.site_id AND x.client_address = i.client_address
      AND x.time BETWEEN ${pgShifted("i.first_seen", "-")} AND ${pgShifted("i.last_seen", "+")} OFFSET 0) w
  WHERE ${pgShifted("i.last_seen", "+")} >= @from AND ${pgShifted("i.first_seen", "-")} < @to`;

const prepareStatements = (db: HubDatabase) => ({
  // Raw events go, except those an incident holds as evidence or as context (its window either side).
  events: db.prepare(
    bySql(db, {
      // Site by site through the (site_id, time) index: by time alone SQLite scans every event.
      sqlite: `DELETE FROM events AS e WHERE e.site_id IN (SELECT id FROM sites) AND e.time < @before
      AND (e.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents k WHERE k.id = e.incident_id))
      AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.site_id = e.site_id AND i.client_address = e.client_address
        AND e.time BETWEEN strftime('%Y-%m-%dT%H:%M:%fZ', i.first_seen, @span)
                       AND strftime('%Y-%m-%dT%H:%M:%fZ', i.last_seen, @spanAfter))`,
      // @bound lets the planner skip the months after `before` (see monthBoundBefore).
      postgres: deleteEventsCountingPurges(`e.time < @before AND e.time < @bound AND NOT ${PG_KEPT_EVENT}`),
    }),
  ),

  heartbeats: db.prepare("DELETE FROM heartbeats WHERE received_at < ?"),
  // A month goes once wholly past: the month straddling the cut-off keeps its row, and its hours
  // (reports read a month less some of its hours: see rollup-spans.ts).
  rollupHours: db.prepare("DELETE FROM rollup_events WHERE hour < ?"),
  rollupMonths: db.prepare("DELETE FROM rollup_months WHERE month < ?"),
  rollupNames: db.prepare("DELETE FROM rollup_names WHERE day < ?"),
  // PostgreSQL: names' counts not folded yet (see RollupStore.foldPendingNames).
  rollupNamesPending: db.dialect === "postgres" ? db.prepare("DELETE FROM rollup_names_pending WHERE day < ?") : null,
  rollupQueries: db.prepare("DELETE FROM rollup_queries WHERE hour < ?"),
  rollupHeartbeatQueries: db.prepare("DELETE FROM rollup_heartbeat_queries WHERE hour < ?"),
  oldIncidents: db
    .prepare(
      `SELECT id FROM incidents i WHERE state IN ${TERMINAL_STATES_SQL} AND last_seen < @before
        AND NOT EXISTS (SELECT 1 FROM incident_entries x WHERE x.incident_id = i.id AND x.at >= @before)`,
    )
    .pluck(),
  incidentAlerts: db.prepare("DELETE FROM alerts WHERE incident_id = ?"),
  incidentEntries: db.prepare("DELETE FROM incident_entries WHERE incident_id = ?"),
  incidentAttachments: db.prepare("DELETE FROM attachments WHERE incident_id = ?"),
  // A sanction outlives the incident it answered (it stays in the person's record and the change log).
  incidentSanctions: db.prepare("UPDATE person_sanctions SET incident_id = NULL WHERE incident_id = ?"),
  incident: db.prepare("DELETE FROM incidents WHERE id = ?"),
  sessions: db.prepare("DELETE FROM sessions WHERE expires_at < ?"),
});

/** Deleting what is past its retention period, class by class. */
export class RetentionStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  private readonly partitions: EventPartitions;
  private readonly monthCounts: MonthEventCounts;

  constructor(db: HubDatabase) {
    super(db, prepareStatements);
    this.partitions = new EventPartitions(db);
    this.monthCounts = new MonthEventCounts(db);
  }

  /**
   * Deletes the raw events before `before`, except evidence and incident context. On PostgreSQL the
   * months wholly before it are dropped as partitions (their kept events moved to the kept
   * partition first) and rows are deleted only in the month straddling it; on SQLite, one DELETE.
   */
  purgeEvents(before: string, contextMinutes: number): number {
    if (this.db.dialect === "sqlite")
      return this.statements.events.run({
        before,
        span: `-${contextMinutes} minutes`,
        spanAfter: `+${contextMinutes} minutes`,
      }).changes;
    return this.db.transaction(() => {
      let purged = 0;
      for (const month of this.partitions.months())
        if (month.to <= before) purged += this.dropMonth(month, contextMinutes);
      const bound = monthBoundBefore(before);
      return purged + (this.statements.events.pluck().get({ before, bound, minutes: contextMinutes }) as number);
    })();
  }

  /**
   * PostgreSQL: detaches a month, moves its kept events into the kept partition, drops it; returns
   * the events gone. How many the month held is known from its rollup (see month-event-counts.ts);
   * its rows are counted only when the rollup no longer has the month (aggregates kept for less
   * time than raw events) or disagrees with what is kept.
   */
  private dropMonth(month: EventMonth, contextMinutes: number): number {
    const table = `"${month.name}"`;
    this.db.exec(`ALTER TABLE events DETACH PARTITION ${table}`);
    const kept = this.db
      .prepare(`INSERT INTO events SELECT * FROM ${table} AS e WHERE e.ctid = ANY(ARRAY(${pgKeptInMonth(table)}))`)
      .run({ minutes: contextMinutes, from: month.from, to: month.to }).changes;
    const known = this.monthCounts.stored(month.from);
    const total =
      known !== null && known >= kept
        ? known
        : (this.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number);
    this.db.exec(`DROP TABLE ${table}`);
    this.monthCounts.forget(month.from);
    return total - kept;
  }

  /** Aggregates: heartbeats and the report rollups. */
  purgeAggregates(before: string): number {
    return (
      this.statements.heartbeats.run(before).changes +
      this.statements.rollupHours.run(`${before.slice(0, 7)}-01T00`).changes +
      this.statements.rollupMonths.run(before.slice(0, 7)).changes +
      this.statements.rollupNames.run(before.slice(0, 10)).changes +
      (this.statements.rollupNamesPending?.run(before.slice(0, 10)).changes ?? 0) +
      this.statements.rollupQueries.run(before.slice(0, 13)).changes +
      this.statements.rollupHeartbeatQueries.run(before.slice(0, 13)).changes
    );
  }

  /** Closed incidents untouched since `before`, with their record, alerts and attachment rows; their events go with the raw events. */
  purgeIncidents(before: string): number {
    return this.db.transaction(() => {
      const ids = this.statements.oldIncidents.all({ before }) as number[];
      for (const id of ids) {
        this.statements.incidentAlerts.run(id);
        this.statements.incidentEntries.run(id);
        this.statements.incidentAttachments.run(id);
        this.statements.incidentSanctions.run(id);
        this.statements.incident.run(id);
      }
      return ids.length;
    })();
  }

  purgeSessions(now: string): number {
    return this.statements.sessions.run(now).changes;
  }
}
