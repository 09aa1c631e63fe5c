import type { HubDatabase } from "../hub-database.ts";
import type { SqliteHubDatabase } from "../open-database.ts";
import { PG_MIGRATIONS } from "./pg-migrations.ts";

/**
 * What a copy of a SQLite hub into PostgreSQL needs to know of the two schemas: which tables, in
 * which order, with which columns, and which triggers would refuse rows that SQLite already holds.
 */

/**
 * Not copied: the audit sequence is kept by a trigger on PostgreSQL and set from SQLite's
 * `sqlite_sequence` after the copy; retention's per-month purge counts and the names rollup's
 * counts waiting to be folded exist only on PostgreSQL.
 */
const NOT_COPIED = new Set(["audit_log_sequence", "event_month_purges", "rollup_names_pending"]);

/**
 * Triggers that refuse plain inserts of rows SQLite already accepted: an action added to a signed
 * annual review is refused, yet a signed review's actions were all stored before it was signed.
 */
export const TRIGGERS_REFUSING_COPY: Readonly<Record<string, readonly string[]>> = {
  annual_review_actions: ["annual_review_actions_locked"],
};

/** Rows the schema itself puts in a table, which do not make a target "hold data". */
const SEEDED_ROWS: Readonly<Record<string, string>> = {
  settings: "key <> 'audit.head'",
};

/**
 * The hub's tables on PostgreSQL in the order their schema creates them, which is the order their
 * foreign keys need (a partition of events is not a table of its own here).
 */
export function copiedTables(): string[] {
  const names: string[] = [];
  for (const step of PG_MIGRATIONS)
    for (const [, name] of step.matchAll(/CREATE TABLE (\w+) \(/g))
      if (name && !NOT_COPIED.has(name) && !names.includes(name)) names.push(name);
  return names;
}

/** The columns of a SQLite table (none when the table is not there). */
export function sqliteColumns(source: SqliteHubDatabase, table: string): string[] {
  return (source.pragma(`table_info(${quoteName(table)})`) as { name: string }[]).map((c) => c.name);
}

/** The columns of a PostgreSQL table. */
export function postgresColumns(target: HubDatabase, table: string): string[] {
  return target
    .prepare(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
    )
    .pluck()
    .all(table) as string[];
}

/**
 * The columns copied: all of SQLite's, by name. A SQLite column PostgreSQL lacks would lose data,
 * so it stops the copy; a column only PostgreSQL has (an `id` SQLite leaves to its rowid) takes its default.
 */
export function copiedColumns(source: SqliteHubDatabase, target: HubDatabase, table: string): string[] {
  const onPostgres = new Set(postgresColumns(target, table));
  const columns = sqliteColumns(source, table);
  const missing = columns.filter((c) => !onPostgres.has(c));
  if (missing.length > 0)
    throw new Error(`${table}: PostgreSQL has no column ${missing.join(", ")}: the schemas differ, nothing copied`);
  return columns;
}

/** Rows of a table, as counted on either side (0 for a table SQLite does not have). */
export function countRows(db: HubDatabase, table: string, where = "true"): number {
  if (db.dialect === "sqlite" && sqliteColumns(db as SqliteHubDatabase, table).length === 0) return 0;
  return db
    .prepare(`SELECT count(*) FROM ${quoteName(table)} WHERE ${where}`)
    .pluck()
    .get() as number;
}

/** The first table of the target that holds rows a hub put there, with how many; null when none does. */
export function firstTableHoldingData(target: HubDatabase): { table: string; rows: number } | null {
  for (const table of copiedTables()) {
    const rows = countRows(target, table, SEEDED_ROWS[table] ?? "true");
    if (rows > 0) return { table, rows };
  }
  return null;
}

/** An identifier quoted for either dialect (the hub's names never hold a double quote). */
export function quoteName(name: string): string {
  return `"${name}"`;
}
