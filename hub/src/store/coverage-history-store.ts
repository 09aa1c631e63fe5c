import type { HubDatabase } from "./hub-database.ts";
import { jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

/** One category's coverage on one day at a site. */
export interface CoverageDay {
  category: string;
  covered: boolean;
  entries: number;
}

/** A category's days over a span of a site's days: how many were recorded, and how many covered. */
export interface CoverageDays {
  category: string;
  recorded: number;
  covered: number;
  /** The first recorded day in the span. */
  firstDay: string;
}

const prepareStatements = (db: HubDatabase) => ({
  hasDay: db.prepare("SELECT EXISTS (SELECT 1 FROM coverage_days WHERE site_id = ? AND day = ?)").pluck(),
  insert: db.prepare(
    `INSERT INTO coverage_days (site_id, day, category, covered, entries, recorded_at)
     VALUES (@siteId, @day, @category, @covered, @entries, @at) ON CONFLICT DO NOTHING`,
  ),
  between: db.prepare(
    `SELECT site_id AS "siteId", category, count(*) AS recorded, sum(covered) AS covered, min(day) AS "firstDay"
     FROM coverage_days WHERE site_id IN ${jsonTextValues(db, "?")} AND day >= ? AND day <= ?
     GROUP BY site_id, category ORDER BY site_id, category`,
  ),
  purge: db.prepare("DELETE FROM coverage_days WHERE day < ?"),
});

/** The daily coverage snapshots of each site: what the board's quarterly report counts. */
export class CoverageHistoryStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Whether the site's day is recorded already. */
  hasDay(siteId: string, day: string): boolean {
    return this.statements.hasDay.get(siteId, day) === 1;
  }

  /** Records the site's day, all categories or none; a day recorded already is left as it was. */
  record(siteId: string, day: string, categories: readonly CoverageDay[], at: string): void {
    this.db.transaction(() => {
      for (const c of categories)
        this.statements.insert.run({
          siteId,
          day,
          at,
          category: c.category,
          covered: c.covered ? 1 : 0,
          entries: c.entries,
        });
    })();
  }

  /** Per category, the recorded and covered days of the site from `fromDay` to `toDay`, both included. */
  days(siteId: string, fromDay: string, toDay: string): CoverageDays[] {
    return this.daysAtSites([siteId], fromDay, toDay).get(siteId) ?? [];
  }

  /** `days` for several sites in one query, by site (a site with no recorded day is left out). */
  daysAtSites(siteIds: readonly string[], fromDay: string, toDay: string): Map<string, CoverageDays[]> {
    const rows = this.statements.between.all(JSON.stringify(siteIds), fromDay, toDay) as (CoverageDays & {
      siteId: string;
    })[];
    const bySite = Map.groupBy(rows, (row) => row.siteId);
    return new Map([...bySite].map(([siteId, days]) => [siteId, days.map(({ siteId: _, ...day }) => day)]));
  }

  /** Deletes the days before `day` (a date): the retention of the history. */
  purgeBefore(day: string): number {
    return this.statements.purge.run(day).changes;
  }
}
