import Database from "better-sqlite3";
import type { HubDatabase } from "./hub-database.ts";
import { MIGRATIONS, migrate } from "./migrations.ts";
import { createPrivateDatabaseFile, restrictDatabaseSidecars } from "./private-files.ts";

/** better-sqlite3's database, tagged as a `HubDatabase` speaking SQLite: the same object, so pragmas and the rest still work. */
export type SqliteHubDatabase = Database.Database & HubDatabase & { readonly dialect: "sqlite" };

/** Tags a better-sqlite3 database with its dialect, so the stores take it as a `HubDatabase`. */
export function asHubDatabase(db: Database.Database): SqliteHubDatabase {
  return Object.assign(db, { dialect: "sqlite" as const });
}

/**
 * How long a statement waits for another process's write lock before failing: several hub
 * processes may share the file, and a busy moment should cost a short wait, not a refused request.
 */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if need be) the hub's SQLite file with its pragmas, migrated to `upTo` (the newest by default). */
export function openDatabase(path: string, upTo: number = MIGRATIONS.length): SqliteHubDatabase {
  if (path !== ":memory:") createPrivateDatabaseFile(path);
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  if (path !== ":memory:") restrictDatabaseSidecars(path);
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Events, incidents and their indexes take random writes at ingest; a larger page cache keeps them in memory.
  db.pragma("cache_size = -131072");
  migrate(db, upTo);
  return asHubDatabase(db);
}
