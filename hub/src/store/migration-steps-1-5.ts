/** Steps 1 to 5 of the hub's schema (see migration-steps.ts), frozen. */
export const STEPS_1_TO_5: readonly string[] = [
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
];
