import type { HubDatabase } from "./hub-database.ts";
import { nextMonth } from "./rollup-spans.ts";

const MONTH = /^[0-9]{4}-[0-9]{2}$/;

/** A partition of the events table on PostgreSQL: one calendar month, [from, to) of the ISO times. */
export interface EventMonth {
  name: string;
  from: string;
  to: string;
}

/**
 * The month partitions of the events table on PostgreSQL (see `pg/schema/events.ts`); on SQLite
 * there are none and every method does nothing. Ingest creates the months a batch touches before
 * inserting it; retention lists them to drop whole months past the cut-off.
 */
export class EventPartitions {
  private readonly db: HubDatabase;

  constructor(db: HubDatabase) {
    this.db = db;
  }

  /**
   * Creates the partitions not made yet of the months of `times` (ISO strings) and of the month of
   * `now` and the next: called in the ingest transaction, so a batch never lacks its months. An
   * existing month costs one look-up of its name (no lock), all months in one statement.
   * `keptDays`: how long raw events are kept. No month wholly older is made (its events go to the
   * kept partition, from which retention deletes them at its next run, as it would have dropped
   * the month): events dated decades back, by a gateway's reset clock or a hostile agent, would
   * otherwise make a table a month, and every look-up of an id reads every month.
   */
  ensureFor(times: readonly string[], now: string, keptDays?: number): void {
    if (this.db.dialect !== "postgres") return;
    const oldest =
      keptDays === undefined ? "" : new Date(Date.parse(now) - keptDays * 86_400_000).toISOString().slice(0, 7);
    const months = new Set([now.slice(0, 7), nextMonth(now.slice(0, 7)), ...times.map((time) => time.slice(0, 7))]);
    for (const month of months) if (month < oldest) months.delete(month);
    // A time not in ISO form has no month: its event goes to the kept partition, as any without one.
    // One statement for all of them: each is a round trip to the server.
    this.db
      .prepare("SELECT events_ensure_month(m) FROM json_array_elements_text(?::json) AS j(m)")
      .all(JSON.stringify([...months].filter((month) => MONTH.test(month))));
  }

  /** The month partitions, oldest first (not the partition of kept events). */
  months(): EventMonth[] {
    if (this.db.dialect !== "postgres") return [];
    const rows = this.db
      .prepare(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{4}_[0-9]{2}$' ORDER BY c.relname`,
      )
      .all() as { name: string }[];
    return rows.map(({ name }) => {
      const from = `${name.slice(7, 11)}-${name.slice(12, 14)}`;
      return { name, from, to: nextMonth(from) };
    });
  }
}

/**
 * A bound the planner can prune month partitions with (their bounds are "YYYY-MM" strings): every
 * ISO time before `before` is also before it. `before`'s month when `before` starts that month,
 * else the month after, so that the month straddling `before` is kept in the scan.
 */
export function monthBoundBefore(before: string): string {
  const month = before.slice(0, 7);
  return before === `${month}-01T00:00:00.000Z` ? month : nextMonth(month);
}
