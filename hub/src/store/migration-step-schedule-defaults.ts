/**
 * 18: the sites that have been given the default report schedules (weekly ICT, DSL digest, termly,
 * board quarterly), so they are added once per site: at its creation, or by the one-time backfill
 * at the hub's start for sites made before. A schedule stopped later is not brought back.
 */
export const STEP_SCHEDULE_DEFAULTS = `
  CREATE TABLE report_schedule_defaults (
    site_id TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
  ) WITHOUT ROWID;
`;
