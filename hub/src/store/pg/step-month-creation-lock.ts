import { ensureMonthFunction } from "./schema/events.ts";

/**
 * PostgreSQL step 8: a month's partition is made by one connection at a time. Batches of different
 * sites are stored at once (see PgDatabase.scopedTransaction), so two may find the same month
 * missing; the second waits for the first, then finds it made. The lock is held to the end of the
 * transaction that made the month. The function is step 1's (schema/events.ts) with the lock
 * added.
 */
export const PG_STEP_MONTH_CREATION_LOCK = `\n${ensureMonthFunction(
  "CREATE OR REPLACE",
  `
  PERFORM pg_advisory_xact_lock(7405120003);
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;`,
  "made by a connection that took the lock before this one",
)}`;
