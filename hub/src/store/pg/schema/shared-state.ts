/**
 * What several hub processes share through the database (SQLite schema step 22): sign-in
 * attempts and failures, job leases, report schedule firings claimed by slot, the incident
 * engine's key (one open filter incident per subject and category) and each subject's last block.
 * After the fleet, reports, incidents and events.
 */
export const SHARED_STATE_SCHEMA = `
  CREATE TABLE sign_in_attempts (
    key TEXT NOT NULL,
    at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX sign_in_attempts_key ON sign_in_attempts (key, at);
  CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts (expires_at);
  CREATE TABLE sign_in_failures (
    pair TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    delayed_until BIGINT NOT NULL,
    last BIGINT NOT NULL
  );
  CREATE INDEX sign_in_failures_last ON sign_in_failures (last);
  CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE TABLE report_schedule_runs (
    schedule_id BIGINT NOT NULL REFERENCES report_schedules(id),
    slot TEXT NOT NULL,
    holder TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (schedule_id, slot)
  );
  ALTER TABLE incidents ADD COLUMN IF NOT EXISTS engine_key TEXT;
  CREATE UNIQUE INDEX IF NOT EXISTS incidents_engine_key ON incidents (engine_key) WHERE engine_key IS NOT NULL;
  CREATE INDEX IF NOT EXISTS events_incident_time ON events (incident_id, time) WHERE incident_id IS NOT NULL;
  CREATE TABLE engine_last_blocks (
    client TEXT PRIMARY KEY,
    at BIGINT NOT NULL
  );
`;
