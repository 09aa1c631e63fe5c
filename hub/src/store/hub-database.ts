/**
 * The seam between the hub's stores and their database: exactly the part of better-sqlite3's
 * `Database` the stores use, so that the same synchronous stores run on SQLite (better-sqlite3's
 * database, tagged with its dialect in `open-database.ts`) or on PostgreSQL (`pg/pg-database.ts`).
 */

/** Which SQL a database speaks; where the two differ, a store picks its text with `bySql`. */
export type SqlDialect = "sqlite" | "postgres";

/** What a write statement reports: rows changed, and the id of the row it inserted (if any). */
export interface HubRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters are positional (`?`) or, with one object argument, named
 * (`@name`), as better-sqlite3 takes them.
 */
export interface HubStatement {
  run(...params: unknown[]): HubRunResult;
  /** The first row, or undefined when there is none. */
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** With pluck on (the default toggle), rows are read as their first column's value. */
  pluck(toggle?: boolean): this;
}

/** A function that runs its work in one transaction; a call inside another transaction nests in it. */
// biome-ignore lint/suspicious/noExplicitAny: the same constraint as better-sqlite3's, so its transactions pass
export type HubTransactionWork = (...params: any[]) => unknown;

/** The parameters of a transaction's work, spelled as better-sqlite3 spells them so its transactions pass. */
export type HubTransactionParams<F extends HubTransactionWork> = F extends (...params: infer P) => unknown ? P : never;

/**
 * A transaction function. `immediate` runs it holding the database's write lock from its start
 * (SQLite's BEGIN IMMEDIATE), so that read-then-write work in several hub processes never
 * interleaves; on PostgreSQL the same, through a transaction-scoped advisory lock every hub
 * process takes for it.
 */
export interface HubTransaction<F extends HubTransactionWork> {
  (...params: HubTransactionParams<F>): ReturnType<F>;
  immediate(...params: HubTransactionParams<F>): ReturnType<F>;
}

export interface HubDatabase {
  readonly dialect: SqlDialect;
  prepare(sql: string): HubStatement;
  /** Runs SQL text of one or more statements without parameters (schema steps). */
  exec(sql: string): unknown;
  /** Wraps `work`: each call runs it in a transaction, committed on return, rolled back on a throw. */
  transaction<F extends HubTransactionWork>(work: F): HubTransaction<F>;
  /**
   * Where a database has it (PostgreSQL): runs `work` in a transaction that holds the write lock
   * for `scope` only, beside other scopes' (see PgDatabase). Elsewhere `immediate` stands for it.
   */
  scopedTransaction?<T>(scope: string, work: () => T): T;
  /** Where a database has it (PostgreSQL): `COPY … FROM STDIN` (`sql`) of `data`; returns the rows copied. */
  copyIn?(sql: string, data: string): number;
  close(): unknown;
}

/** The statement text for a database's dialect: SQL stays explicit per dialect where the two differ. */
export function bySql(db: Pick<HubDatabase, "dialect">, text: Record<SqlDialect, string>): string {
  return text[db.dialect];
}
