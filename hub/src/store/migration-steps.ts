import { STEP_ANNUAL_REVIEWS } from "./migration-step-annual-reviews.ts";
import { STEP_COVERAGE_HISTORY } from "./migration-step-coverage-history.ts";
import { STEP_FILTER_CHECKS } from "./migration-step-filter-checks.ts";
import { STEP_IDENTITY } from "./migration-step-identity.ts";
import { STEP_LOCKED_NAME_INDEX } from "./migration-step-locked-name-index.ts";
import { STEP_MONTHLY_ROLLUP } from "./migration-step-monthly-rollup.ts";
import { STEP_REPORT_HEARTBEATS } from "./migration-step-report-heartbeats.ts";
import { STEP_REVIEW_CATEGORY_CHECK } from "./migration-step-review-category-check.ts";
import { STEP_REVIEW_REQUESTS } from "./migration-step-review-requests.ts";
import { STEP_SCHEDULE_DEFAULTS } from "./migration-step-schedule-defaults.ts";
import { STEP_SHARED_STATE } from "./migration-step-shared-state.ts";
import { STEPS_1_TO_5 } from "./migration-steps-1-5.ts";

/**
 * The hub's schema, one numbered step at a time; PRAGMA user_version records the last applied.
 * Each step is frozen, literal SQL: a database migrated last year must end up exactly like one
 * migrated today, so a step never reads a live constant (change the schema with a new step).
 */
export const MIGRATIONS: readonly string[] = [
  ...STEPS_1_TO_5,
  // 6: reports. Rollups kept at ingest (lookups per site, hour, group, outcome and primary category;
  // names per day), filled here from the events already stored; generated reports and schedules.
  `
  CREATE TABLE rollup_events (
    site_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    client_group TEXT NOT NULL,
    outcome TEXT NOT NULL,
    category TEXT NOT NULL,
    lookups INTEGER NOT NULL,
    PRIMARY KEY (site_id, hour, client_group, outcome, category)
  ) WITHOUT ROWID;
  CREATE TABLE rollup_names (
    site_id TEXT NOT NULL,
    day TEXT NOT NULL,
    outcome TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    lookups INTEGER NOT NULL,
    PRIMARY KEY (site_id, day, outcome, name)
  ) WITHOUT ROWID;
  INSERT INTO rollup_events
    SELECT site_id, substr(time, 1, 13), client_group, outcome,
      CASE WHEN outcome IN ('resolved', 'cached') THEN COALESCE(json_extract(monitored, '$[0]'), '')
           ELSE COALESCE(json_extract(categories, '$[0]'), '') END,
      COUNT(*)
    FROM events GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_names
    SELECT site_id, substr(time, 1, 10), outcome, name,
      MAX(CASE WHEN outcome IN ('resolved', 'cached') THEN COALESCE(json_extract(monitored, '$[0]'), '')
           ELSE COALESCE(json_extract(categories, '$[0]'), '') END),
      COUNT(*)
    FROM events GROUP BY 1, 2, 3, 4;
  CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    sites TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    data_version TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX reports_kind_time ON reports (kind, generated_at);
  CREATE TABLE report_schedules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    cron TEXT NOT NULL,
    sites TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
  `,
  // 7: the heartbeat fields reports read, as columns: a year of beats is half a million rows, too
  // many to parse as JSON for every report.
  `
  ALTER TABLE heartbeats ADD COLUMN lists_built_at TEXT;
  ALTER TABLE heartbeats ADD COLUMN update_at TEXT;
  ALTER TABLE heartbeats ADD COLUMN update_ok INTEGER;
  ALTER TABLE heartbeats ADD COLUMN update_errors TEXT;
  ALTER TABLE heartbeats ADD COLUMN unhealthy_upstreams TEXT;
  ALTER TABLE heartbeats ADD COLUMN queries TEXT;
  UPDATE heartbeats SET
  lists_built_at = json_extract(body, '$.lists.builtAt'),
  update_at = json_extract(body, '$.listsUpdate.at'),
  update_ok = json_extract(body, '$.listsUpdate.ok'),
  update_errors = json_extract(body, '$.listsUpdate.errors'),
  unhealthy_upstreams = (SELECT json_group_array(json_object('url', json_extract(u.value, '$.url'),
      'lastError', json_extract(u.value, '$.lastError')))
    FROM json_each(body, '$.upstreams') u WHERE json_extract(u.value, '$.healthy') = 0),
  queries = json_extract(body, '$.queries');
  `,
  // 8: every look-up counted per site, hour, group, outcome and label, from the heartbeats'
  // counts (schema version 2): what the reports say about traffic that was never flagged.
  `
  CREATE TABLE rollup_queries (
    site_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    client_group TEXT NOT NULL,
    outcome TEXT NOT NULL,
    label TEXT NOT NULL,
    lookups INTEGER NOT NULL,
    PRIMARY KEY (site_id, hour, client_group, outcome, label)
  ) WITHOUT ROWID;
  `,
  // 9: sign-in hardening: a one-time password (set by the hub, on creation or reset) must be
  // changed and expires; sessions end after idling; API tokens expire and carry a scope. Tokens
  // made before this step get 90 days from the upgrade and keep the full access they had.
  `
  ALTER TABLE users ADD COLUMN one_time_password_until TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
  UPDATE sessions SET last_seen_at = created_at;
  ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
  ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read-write';
  UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days') WHERE revoked_at IS NULL;
  `,
  // 10: the site an audit entry concerns (null: none, or several), so an auditor limited to some
  // sites reads only their entries. Adding a column is not an UPDATE: the append-only trigger stands.
  `
  ALTER TABLE audit_log ADD COLUMN site_id TEXT;
  CREATE INDEX audit_log_site ON audit_log (site_id, seq);
  `,
  // 11: the audit log's head (newest entry and count, sealed with a key outside the database),
  // kept in settings; left pending here, as sealing needs the key, and sealed when the stores open.
  `
  INSERT INTO settings (key, value) VALUES ('audit.head', 'pending') ON CONFLICT(key) DO NOTHING;
  `,
  // 12: incidents people report, beside those the filter raises: where one came from, what it is
  // about, who submitted it (a staff user sees only their own), and whether it is restricted to
  // its route (a concern about a member of staff). What was reported is the record's first entry.
  `
  ALTER TABLE incidents ADD COLUMN source TEXT NOT NULL DEFAULT 'filter';
  ALTER TABLE incidents ADD COLUMN kind TEXT NOT NULL DEFAULT 'filtered-lookup';
  ALTER TABLE incidents ADD COLUMN submitted_by TEXT;
  ALTER TABLE incidents ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX incidents_submitted_by ON incidents (submitted_by) WHERE submitted_by IS NOT NULL;
  `,
  // 13: alerts that follow a route: each alert's step on it and the route's name; the escalation
  // still to come for an incident (each step's recipients, the next step, when it is due); who
  // acknowledged an alert; medium incidents waiting for the site's daily digest, and the digests
  // sent; and the fleet problems ICT has been told of, one row per agent and problem while it lasts.
  `
  ALTER TABLE alerts ADD COLUMN step INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE alerts ADD COLUMN route TEXT;
  CREATE TABLE alert_escalations (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
    site_id TEXT NOT NULL,
    route TEXT NOT NULL,
    steps TEXT NOT NULL,
    next_step INTEGER NOT NULL,
    due_at TEXT,
    ended TEXT
  );
  CREATE INDEX alert_escalations_due ON alert_escalations (due_at) WHERE due_at IS NOT NULL;
  CREATE TABLE alert_acknowledgements (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
    user_id TEXT NOT NULL,
    email TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE alert_digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL,
    at TEXT NOT NULL,
    recipients TEXT NOT NULL,
    incidents TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT
  );
  CREATE INDEX alert_digests_site ON alert_digests (site_id, at);
  CREATE TABLE alert_digest_queue (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),
    site_id TEXT NOT NULL,
    route TEXT NOT NULL,
    recipients TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    digest_id INTEGER REFERENCES alert_digests(id)
  );
  CREATE INDEX alert_digest_queue_waiting ON alert_digest_queue (site_id) WHERE digest_id IS NULL;
  CREATE TABLE fleet_alert_episodes (
    agent_id TEXT NOT NULL REFERENCES agents(id),
    problem TEXT NOT NULL,
    site_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    recipients TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (agent_id, problem)
  ) WITHOUT ROWID;
  `,
  // 14: evidence. Files attached to an incident (screenshots, documents), kept content-addressed
  // beside the database and named here by their SHA-256; the rows are never changed. Events an
  // incident holds become append-only like its record: no UPDATE, and no DELETE while the
  // incident exists (retention deletes the incident first, then its events).
  `
  CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (incident_id, sha256)
  );
  CREATE INDEX attachments_sha256 ON attachments (sha256);
  CREATE TRIGGER attachments_append_only BEFORE UPDATE ON attachments
    BEGIN SELECT RAISE(ABORT, 'attachments are evidence: they cannot be changed'); END;
  CREATE TRIGGER events_evidence_no_update BEFORE UPDATE ON events WHEN OLD.incident_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'events an incident holds are evidence: they cannot be changed'); END;
  CREATE TRIGGER events_evidence_no_delete BEFORE DELETE ON events
    WHEN OLD.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id)
    BEGIN SELECT RAISE(ABORT, 'events an incident holds are evidence: they go only with the incident'); END;
  `,
  STEP_IDENTITY,
  STEP_ANNUAL_REVIEWS,
  STEP_REVIEW_REQUESTS,
  STEP_SCHEDULE_DEFAULTS,
  STEP_FILTER_CHECKS,
  STEP_REVIEW_CATEGORY_CHECK,
  STEP_COVERAGE_HISTORY,
  STEP_SHARED_STATE,
  STEP_REPORT_HEARTBEATS,
  STEP_MONTHLY_ROLLUP,
  STEP_LOCKED_NAME_INDEX,
];
