import { openTestDatabase } from "../testing/test-stores.ts";
import type { SqlDialect } from "./hub-database.ts";

/** Plain SQL on a hub database (its file, or its PostgreSQL database in a PostgreSQL test run), over a connection of its own. */
export interface SqlInspector {
  /** Which SQL the database speaks, for `bySql` and the helpers of `sql-json.ts`. */
  readonly dialect: SqlDialect;
  /** The first column of the first row, or undefined. */
  value(sql: string, ...args: unknown[]): unknown;
  rows(sql: string, ...args: unknown[]): unknown[];
  /** Runs statements that change the file, as someone with access to it could behind the hub's back. */
  exec(sql: string): void;
  close(): void;
}

/**
 * For tests and benchmarks only: checks figures against the raw tables, and tampers with the file
 * to show the hub notices. The hub itself reaches its database only through the stores.
 */
export function openSqlInspector(path: string): SqlInspector {
  const db = openTestDatabase(path);
  return {
    dialect: db.dialect,
    value: (sql, ...args) =>
      db
        .prepare(sql)
        .pluck()
        .get(...args),
    rows: (sql, ...args) => db.prepare(sql).all(...args),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
