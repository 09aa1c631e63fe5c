import type { HubDatabase, HubTransaction, HubTransactionParams, HubTransactionWork } from "../hub-database.ts";
import { PgConnection } from "./pg-connection.ts";
import { PgStatement, type PreparedPgSql } from "./pg-statement.ts";
import { translatePlaceholders } from "./placeholders.ts";

/**
 * The hub's database on PostgreSQL, behind the same synchronous interface as better-sqlite3's
 * (`HubDatabase`), over one blocking libpq connection.
 *
 * - Parameters: `?` and `@name` (with one object argument) as better-sqlite3 takes them, rewritten
 *   as `$n` outside literals and quoted identifiers; each SQL text is prepared on the server once.
 * - Results: numbers (int8, numeric and counts included) as JS numbers, booleans as 1/0, NULL as
 *   null, other types as their text (see `pg-values.ts`).
 * - `run`: `changes` is the command's row count; `lastInsertRowid` comes from a `RETURNING id`
 *   row, and reading it without one throws, telling the store to add RETURNING.
 * - `transaction(fn)`: BEGIN/COMMIT, ROLLBACK on a throw; nested calls are SAVEPOINTs, as in
 *   better-sqlite3. Unlike SQLite, a failed statement aborts PostgreSQL's whole transaction: a store
 *   that catches an expected failure (a duplicate) inside a transaction and carries on must run
 *   that statement in a nested `transaction()`, whose savepoint contains the failure.
 * - Errors: `PgError`, with the SQLSTATE in `code` and `unique` set for a unique violation.
 * - Names: PostgreSQL folds unquoted identifiers to lower case, so a camelCase alias must be quoted
 *   (`AS "agentId"`, which SQLite accepts too); `AS agentId` comes back as `agentid`.
 */
/** The advisory lock key that stands for the database's write lock (any constant the hub alone uses). */
export const WRITE_LOCK = 7_405_120_002;
/** The first key of the two-key advisory locks that stand for one scope's write lock (the second is the scope's). */
export const SCOPE_LOCKS = 74_051_203;

/** A scope's advisory lock key: a 32-bit FNV-1a hash of its name (two scopes sharing one only wait for each other). */
export function scopeLockKey(scope: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < scope.length; i++) hash = Math.imul(hash ^ scope.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export class PgDatabase implements HubDatabase {
  readonly dialect = "postgres" as const;
  private readonly connection: PgConnection;
  private readonly prepared = new Map<string, PreparedPgSql>();
  private depth = 0;

  /** `conninfo`: a libpq connection string ("host=… port=… dbname=… user=…") or a postgres:// URL. */
  constructor(conninfo: string) {
    this.connection = new PgConnection(conninfo);
  }

  prepare(sql: string): PgStatement {
    return new PgStatement(this.connection, this.preparedOnServer(sql), sql);
  }

  exec(sql: string): this {
    this.connection.exec(sql);
    return this;
  }

  copyIn(sql: string, data: string): number {
    return this.connection.copyIn(sql, data);
  }

  transaction<F extends HubTransactionWork>(work: F): HubTransaction<F> {
    const begin =
      (locks: string) =>
      (...params: HubTransactionParams<F>): ReturnType<F> =>
        this.run(locks, () => work(...params) as ReturnType<F>);
    // SQLite's BEGIN IMMEDIATE: the database's one write lock, held to the end of the transaction,
    // so read-then-write work (an incident's running counts) never interleaves across processes.
    return Object.assign(begin(""), { immediate: begin(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`) });
  }

  /**
   * A transaction holding the write lock of `scope` alone: the database's write lock shared (so
   * that `immediate` work waits for it, and it for that), and the scope's own exclusively, so that
   * work in different scopes runs at once while work in one scope takes turns.
   */
  scopedTransaction<T>(scope: string, work: () => T): T {
    return this.run(
      `SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK}), pg_advisory_xact_lock(${SCOPE_LOCKS}, ${scopeLockKey(scope)})`,
      work,
    );
  }

  /** Runs `work` in a transaction that first takes `locks` (SQL), or in a savepoint inside one already open. */
  private run<T>(locks: string, work: () => T): T {
    const savepoint = this.depth > 0 ? `hub_savepoint_${this.depth}` : undefined;
    try {
      this.connection.exec(savepoint ? `SAVEPOINT ${savepoint}` : locks ? `BEGIN; ${locks}` : "BEGIN");
    } catch (error) {
      // Locks not taken (a lock timeout, a cancel): the transaction begun with them is ended, not
      // left open and failed under every later statement of this connection.
      if (!savepoint) this.rollBack(undefined);
      throw error;
    }
    this.depth++;
    this.connection.inTransaction = true;
    try {
      const result = work();
      if (result instanceof Promise) throw new TypeError("Transaction function cannot return a promise");
      this.connection.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : "COMMIT");
      return result;
    } catch (error) {
      this.rollBack(savepoint);
      throw error;
    } finally {
      this.depth--;
      this.connection.inTransaction = this.depth > 0;
    }
  }

  /** Undoes a failed transaction or savepoint; on a lost connection the server has undone it already. */
  private rollBack(savepoint: string | undefined): void {
    try {
      this.connection.exec(
        savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : "ROLLBACK",
      );
    } catch (error) {
      if (!this.connection.isLost) throw error;
    }
  }

  close(): void {
    this.connection.close();
  }

  private preparedOnServer(sql: string): PreparedPgSql {
    let prepared = this.prepared.get(sql);
    if (prepared === undefined) {
      const { text, slots } = translatePlaceholders(sql);
      prepared = { name: `hub_${this.prepared.size + 1}`, slots };
      this.connection.prepare(prepared.name, text);
      this.prepared.set(sql, prepared);
    }
    return prepared;
  }
}
