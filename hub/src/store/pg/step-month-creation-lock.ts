/**
 * PostgreSQL step 8: a month's partition is made by one connection at a time. Batches of different
 * sites are stored at once (see PgDatabase.scopedTransaction), so two may find the same month
 * missing; the second waits for the first, then finds it made. The lock is held to the end of the
 * transaction that made the month. The function is step 1's (schema/events.ts) with the lock
 * added: a released step is never edited, so this one restates it whole.
 */
export const PG_STEP_MONTH_CREATION_LOCK = `
CREATE OR REPLACE FUNCTION events_ensure_month(month TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day DATE := to_date(substr(month, 1, 7), 'YYYY-MM');
  start TEXT := to_char(first_day, 'YYYY-MM');
  finish TEXT := to_char(first_day + INTERVAL '1 month', 'YYYY-MM');
  partition TEXT := 'events_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(7405120003);
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;
  IF EXISTS (SELECT 1 FROM events_kept WHERE time >= start AND time < finish) THEN RETURN; END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', partition, start, finish);
  EXCEPTION WHEN duplicate_table THEN
    NULL; -- made by a connection that took the lock before this one
  END;
END $$;`;
