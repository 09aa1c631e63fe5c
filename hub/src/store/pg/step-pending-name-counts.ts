/**
 * PostgreSQL step 12: a batch's counts of names are appended to `rollup_names_pending`, a table
 * with no index, and folded into `rollup_names` by a scheduled job (see `RollupStore.foldPendingNames`).
 * Upserted at ingest, each distinct name of a batch rewrote its row and added an entry to the
 * covering key: about 9 µs of the server's time an event when every event is a name of its own.
 * Folded every sweep, a name's row is written once however many batches counted it meanwhile.
 * Reports read both tables, so a count is read the moment its batch is stored. `id` orders the
 * rows, so that a new name's row keeps the category its first batch counted it under.
 */
export const PG_STEP_PENDING_NAME_COUNTS = `
CREATE TABLE rollup_names_pending (
  id BIGINT GENERATED ALWAYS AS IDENTITY,
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  outcome TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  lookups BIGINT NOT NULL
);`;
