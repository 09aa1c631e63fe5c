/**
 * PostgreSQL schema of the users (`user-store.ts`): users, their sessions and API tokens. Other
 * concerns reference `users(id)`.
 *
 * SQLite's `email ... UNIQUE COLLATE NOCASE` folds ASCII letters only; `lower(... COLLATE "C")`
 * folds exactly those whatever the database's locale, and the store compares and orders by the
 * same expression, so the unique index serves its look-ups.
 */
export const USERS_SCHEMA = `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  sites TEXT,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  one_time_password_until TEXT
);
CREATE UNIQUE INDEX users_email_nocase ON users (lower(email COLLATE "C"));

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT
);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  expires_at TEXT,
  scope TEXT NOT NULL DEFAULT 'read-write'
);
`;
