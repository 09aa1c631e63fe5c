/**
 * 15: who is behind the address. People (pupils and learners, staff, visitors) and devices of a
 * site, imported from the school's directory exports or entered one by one; a device's roaming
 * DNS-over-HTTPS tokens, kept only as their SHA-256; a watch on a person and time-boxed sanctions.
 * Events and incidents carry the user name an identity source gave, and the person and device
 * they were matched to, so that incidents key on the person when known.
 */
export const STEP_IDENTITY = `
  CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,
    display_name TEXT NOT NULL,
    external_id TEXT,
    username TEXT,
    year_group TEXT,
    tutor_group TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX people_site_external ON people (site_id, external_id) WHERE external_id IS NOT NULL;
  CREATE UNIQUE INDEX people_site_username ON people (site_id, username) WHERE username IS NOT NULL;
  CREATE TABLE devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    mac TEXT,
    hostname TEXT,
    owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    label TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX devices_site_mac ON devices (site_id, mac) WHERE mac IS NOT NULL;
  CREATE INDEX devices_owner ON devices (owner_id);
  CREATE TABLE device_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT
  );
  CREATE TABLE person_watch (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    review_on TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
  );
  CREATE TABLE person_sanctions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    incident_id INTEGER REFERENCES incidents(id),
    reason TEXT NOT NULL,
    allow TEXT NOT NULL DEFAULT '[]',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    set_by TEXT NOT NULL,
    lifted_at TEXT,
    lifted_by TEXT
  );
  CREATE INDEX person_sanctions_person ON person_sanctions (person_id, ends_at);
  ALTER TABLE events ADD COLUMN user_name TEXT;
  ALTER TABLE events ADD COLUMN person_id INTEGER;
  ALTER TABLE events ADD COLUMN device_id INTEGER;
  ALTER TABLE incidents ADD COLUMN user_name TEXT;
  ALTER TABLE incidents ADD COLUMN person_id INTEGER;
  ALTER TABLE incidents ADD COLUMN device_id INTEGER;
  CREATE INDEX incidents_person ON incidents (person_id, last_seen) WHERE person_id IS NOT NULL;
`;
