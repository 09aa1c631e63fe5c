/**
 * 22 (several hub processes on one database): what a process used to keep in memory and another
 * must see. Sign-in attempts per key and failures per account and address (short-lived, pruned
 * as they expire); leases on scheduled jobs, so a sweep or retention run happens in one process
 * at a time; each report schedule's firings claimed by slot, so a report goes out once; and the
 * key of the incident the engine is filling per subject and category, unique, so two processes
 * ingesting one pupil's lookups join one incident (the key is backfilled on the newest open
 * filter incident of each subject and category); the events of each incident by time, from which
 * the engine recounts repeated attempts another process saw; and each subject's last blocked
 * lookup, which a circumvention attempt soon after is graded up by, whichever process saw it.
 */
export const STEP_SHARED_STATE = `
  CREATE TABLE sign_in_attempts (
    key TEXT NOT NULL,
    at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);
  CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts (expires_at);
  CREATE TABLE sign_in_failures (
    pair TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    delayed_until INTEGER NOT NULL,
    last INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sign_in_failures_last ON sign_in_failures (last);
  CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE report_schedule_runs (
    schedule_id INTEGER NOT NULL REFERENCES report_schedules(id),
    slot TEXT NOT NULL,
    holder TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (schedule_id, slot)
  ) WITHOUT ROWID;
  ALTER TABLE incidents ADD COLUMN engine_key TEXT;
  UPDATE incidents SET engine_key = site_id || '|' || CASE
      WHEN person_id THEN 'person:' || person_id
      WHEN device_id THEN 'device:' || device_id
      ELSE 'address:' || client_address END || '|' || category
    WHERE id IN (
      SELECT MAX(id) FROM incidents
      WHERE source = 'filter' AND state NOT IN ('closed', 'false-positive', 'no-further-action')
      GROUP BY site_id, CASE
        WHEN person_id THEN 'person:' || person_id
        WHEN device_id THEN 'device:' || device_id
        ELSE 'address:' || client_address END, category);
  CREATE INDEX events_incident_time ON events (incident_id, time) WHERE incident_id IS NOT NULL;
  CREATE TABLE engine_last_blocks (
    client TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX incidents_engine_key ON incidents (engine_key) WHERE engine_key IS NOT NULL;
`;
