import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/** SQLite's companions of a database file, which hold the same data. */
const SIDECARS = ["-wal", "-shm", "-journal"];

/**
 * The database holds the school's safeguarding record, so only the hub's own user may read it:
 * a folder it creates is 0700, the file 0600 (an existing one is tightened too). An existing
 * folder is left as it is: it may be shared, or the current directory.
 */
export function createPrivateDatabaseFile(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}

/** Tightens the WAL, shared-memory and journal files to 0600 once SQLite has made them. */
export function restrictDatabaseSidecars(path: string): void {
  for (const suffix of SIDECARS) if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
}
