/** The monthly rollup, alike on both databases but for the count's type and SQLite's table option. */
const MONTHLY_ROLLUP = (count: "INTEGER" | "BIGINT", tableOption: string) => `
  CREATE TABLE rollup_months (
    site_id TEXT NOT NULL,
    month TEXT NOT NULL,
    client_group TEXT NOT NULL,
    outcome TEXT NOT NULL,
    category TEXT NOT NULL,
    lookups ${count} NOT NULL,
    PRIMARY KEY (site_id, month, client_group, outcome, category)
  ) ${tableOption};
  INSERT INTO rollup_months (site_id, month, client_group, outcome, category, lookups)
    SELECT site_id, substr(hour, 1, 7), client_group, outcome, category, SUM(lookups)
    FROM rollup_events GROUP BY 1, 2, 3, 4, 5;`;

/**
 * 24 (reports over long periods): flagged look-ups per site, calendar month (UTC), group, outcome
 * and category, beside the hourly rollup and kept with it at ingest. A report reads the whole
 * months of its period from it and only the hours at either end from the hourly rollup: a
 * quarter over 2,000 sites is thousands of rows instead of millions. Filled from the hourly rollup.
 */
export const STEP_MONTHLY_ROLLUP = MONTHLY_ROLLUP("INTEGER", "WITHOUT ROWID");

/** The same step on PostgreSQL (its third). */
export const PG_STEP_MONTHLY_ROLLUP = MONTHLY_ROLLUP("BIGINT", "");
