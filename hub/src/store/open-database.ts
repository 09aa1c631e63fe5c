import Database from "better-sqlite3";
import { MIGRATIONS, migrate } from "./migrations.ts";
import { createPrivateDatabaseFile, restrictDatabaseSidecars } from "./private-files.ts";

/** Opens (creating if need be) the hub's SQLite file with its pragmas, migrated to `upTo` (the newest by default). */
export function openDatabase(path: string, upTo: number = MIGRATIONS.length): Database.Database {
  if (path !== ":memory:") createPrivateDatabaseFile(path);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  if (path !== ":memory:") restrictDatabaseSidecars(path);
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Events, incidents and their indexes take random writes at ingest; a larger page cache keeps them in memory.
  db.pragma("cache_size = -131072");
  migrate(db, upTo);
  return db;
}
