/**
 * What several hub processes share through the database (SQLite schema step 22): sign-in
 * attempts and failures, job leases, report schedule firings claimed by slot, and each subject's
 * last block. The incident engine's key and the events-by-incident index are in the incidents'
 * and events' own files. After the fleet and the reports.
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
  CREATE TABLE engine_last_blocks (
    client TEXT PRIMARY KEY,
    at BIGINT NOT NULL
  );
`;
