import type Database from "better-sqlite3";

/** The hub's schema, one numbered step at a time; PRAGMA user_version records the last applied. */
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
];

export function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let step = version; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
