/**
 * PostgreSQL step 6: what retention needs to say how many events it dropped with a month's
 * partition without counting the partition's rows (1.8 s for a month of 2.2 million events read
 * from disk). A month's events are its monthly rollup's look-ups, which the index below sums from
 * its own pages, less those retention already deleted row by row while the month straddled its
 * cut-off, which `event_month_purges` keeps per month until the month is dropped.
 */
export const PG_STEP_MONTH_PURGE_COUNTS = `
CREATE INDEX rollup_months_by_month ON rollup_months (month) INCLUDE (lookups);
CREATE TABLE event_month_purges (
  month TEXT PRIMARY KEY,
  events BIGINT NOT NULL
);`;
