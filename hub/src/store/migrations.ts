import type Database from "better-sqlite3";

/**
 * The hub's schema, one numbered step at a time; PRAGMA user_version records the last applied.
 * Each step is frozen, literal SQL: a database migrated last year must end up exactly like one
 * migrated today, so a step never reads a live constant (change the schema with a new step).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: sites, agent enrolment, agents, and the events they send.
  `
  CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE enrolment_tokens (
    token_hash TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    credential_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    agent_id TEXT NOT NULL REFERENCES agents(id),
    time TEXT NOT NULL,
    client_address TEXT NOT NULL,
    client_group TEXT NOT NULL,
    hostname TEXT,
    mac TEXT,
    name TEXT NOT NULL,
    qtype INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    categories TEXT NOT NULL,
    monitored TEXT NOT NULL,
    list TEXT,
    list_version TEXT,
    rule TEXT,
    locked INTEGER NOT NULL,
    received_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX events_site_time ON events (site_id, time);
  `,
  // 2: heartbeats: the latest per agent on the agent, and every one kept for uptime reports.
  `
  ALTER TABLE agents ADD COLUMN last_seen_at TEXT;
  ALTER TABLE agents ADD COLUMN last_heartbeat TEXT;
  CREATE TABLE heartbeats (
    agent_id TEXT NOT NULL REFERENCES agents(id),
    received_at TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX heartbeats_agent_time ON heartbeats (agent_id, received_at);
  `,
  // 3: each site's filtering policy, versioned, and every change to it with who, when and why.
  `
  CREATE TABLE site_policies (
    site_id TEXT PRIMARY KEY REFERENCES sites(id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE policy_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    old_body TEXT,
    new_body TEXT NOT NULL
  );
  `,
  // 4: the safeguarding core: users, sessions and API tokens; incidents with their append-only
  // record; alerts; the hash-chained audit log; per-site alerting settings; hub-wide settings.
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    sites TEXT,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE INDEX events_site_client_time ON events (site_id, client_address, time);
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    client_address TEXT NOT NULL,
    hostname TEXT,
    mac TEXT,
    client_group TEXT NOT NULL,
    category TEXT NOT NULL,
    auto_severity TEXT NOT NULL,
    severity TEXT NOT NULL,
    state TEXT NOT NULL,
    illegal INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    repeat_escalated INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX incidents_site_state ON incidents (site_id, state);
  CREATE INDEX incidents_site_client ON incidents (site_id, client_address, category, last_seen);
  CREATE TABLE incident_events (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    event_id TEXT NOT NULL,
    PRIMARY KEY (incident_id, event_id)
  ) WITHOUT ROWID;
  CREATE TABLE incident_entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at TEXT NOT NULL,
    by_user TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX incident_entries_incident ON incident_entries (incident_id, seq);
  CREATE TRIGGER incident_entries_append_only BEFORE UPDATE ON incident_entries
    BEGIN SELECT RAISE(ABORT, 'incident records are append-only: add a correcting entry'); END;
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipients TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    suppressed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX alerts_incident ON alerts (incident_id);
  CREATE TABLE alert_throttle (
    key TEXT PRIMARY KEY,
    last_sent_at TEXT NOT NULL,
    suppressed INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE site_alerting (
    site_id TEXT PRIMARY KEY REFERENCES sites(id),
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 5: an event names its incident itself, instead of a link table: one write less per event at ingest.
  // And no index by client: its writes land all over the file and cost two thirds of the ingest
  // rate; an incident's context and a subject-access export read by site and time instead.
  `
  DROP INDEX events_site_client_time;
  ALTER TABLE events ADD COLUMN incident_id INTEGER;
  UPDATE events SET incident_id = (SELECT incident_id FROM incident_events ie WHERE ie.event_id = events.id);
  DROP TABLE incident_events;
  `,
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
];

/** Applies the steps not yet applied, each in its own transaction; `upTo` stops early (tests build old schemas). */
export function migrate(db: Database.Database, upTo: number = MIGRATIONS.length): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let step = version; step < upTo; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
