import type { HubDatabase } from "../hub-database.ts";

/**
 * How many events a month's partition holds, known without counting its rows (see step 6): the
 * month's look-ups in its monthly rollup, written in the same transaction as the events, less the
 * events of the month no longer stored, which `event_month_purges` keeps.
 */

/**
 * Deletes the events `where` picks (over `events AS e`) and returns how many went, as `gone`;
 * those deleted from a month's partition (not from the kept partition) are added to their month's purges.
 */
export const deleteEventsCountingPurges = (where: string) => `
  WITH gone AS (DELETE FROM events AS e WHERE ${where} RETURNING e.time, e.tableoid),
  purged AS (
    INSERT INTO event_month_purges (month, events)
    SELECT substr(time, 1, 7), COUNT(*) FROM gone WHERE tableoid <> 'events_kept'::regclass GROUP BY 1
    ON CONFLICT (month) DO UPDATE SET events = event_month_purges.events + excluded.events)
  SELECT COUNT(*) AS gone FROM gone`;

/** The events stored in month @month's partition, or null when its rollup no longer has the month. */
const MONTH_EVENTS = `
  SELECT ((SELECT SUM(lookups) FROM rollup_months WHERE month = @month)
    - COALESCE((SELECT events FROM event_month_purges WHERE month = @month), 0))::bigint`;

/**
 * Sets each month's purges from what is stored: for a database whose events were not all written
 * by this hub with their rollups, such as a copy of a SQLite hub whose retention deleted rows.
 */
const RECOUNT_MONTH_PURGES = `
  DELETE FROM event_month_purges;
  INSERT INTO event_month_purges (month, events)
  SELECT r.month, r.n - COALESCE(e.n, 0)
  FROM (SELECT month, SUM(lookups) AS n FROM rollup_months GROUP BY month) r
  LEFT JOIN (SELECT substr(time, 1, 7) AS month, COUNT(*) AS n FROM events GROUP BY 1) e USING (month)
  WHERE r.n <> COALESCE(e.n, 0);`;

/** On PostgreSQL: each month partition's event count, as retention drops months. */
export class MonthEventCounts {
  private readonly db: HubDatabase;

  constructor(db: HubDatabase) {
    this.db = db;
  }

  /** The events stored in `month`'s partition ("YYYY-MM"), or null when it is not known. */
  stored(month: string): number | null {
    return this.db.prepare(MONTH_EVENTS).pluck().get({ month }) as number | null;
  }

  /** Once its partition is dropped, a month's purges are not needed. */
  forget(month: string): void {
    this.db.prepare("DELETE FROM event_month_purges WHERE month = ?").run(month);
  }

  /** See RECOUNT_MONTH_PURGES. */
  recount(): void {
    this.db.exec(RECOUNT_MONTH_PURGES);
  }
}
