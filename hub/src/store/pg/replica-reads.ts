import type { HubDatabase, HubRunResult, HubStatement, HubTransaction, HubTransactionWork } from "../hub-database.ts";
import { PgDatabase } from "./pg-database.ts";
import { isConnectionFailure } from "./pg-error.ts";

/** How long reads stay on the primary after the replica could not be reached, before it is tried again. */
export const REPLICA_RETRY_MS = 30_000;

/**
 * The reports' reads on a streaming replica: a read-only `HubDatabase` whose statements run on the
 * replica, so the heavy report queries keep off the primary that ingest writes to. While the
 * replica cannot be reached (not up yet, failed over, restarting) the same reads run on the primary
 * and `onProblem` is told each time it is found out of reach; it is tried again after `REPLICA_RETRY_MS`.
 * A replica lags the primary by its replay delay: reports read data as of a moment ago.
 */
export class ReplicaReads implements HubDatabase {
  readonly dialect = "postgres" as const;
  private replica: PgDatabase | null = null;
  private downUntil = 0;
  private readonly conninfo: string;
  private readonly primary: HubDatabase;
  private readonly onProblem: (message: string) => void;
  private readonly now: () => number;

  constructor(
    conninfo: string,
    primary: HubDatabase,
    onProblem: (message: string) => void,
    now: () => number = Date.now,
  ) {
    this.conninfo = conninfo;
    this.primary = primary;
    this.onProblem = onProblem;
    this.now = now;
  }

  prepare(sql: string): HubStatement {
    return new ReplicaStatement(this, sql);
  }

  exec(_sql: string): this {
    throw new Error("the replica is read-only: reports only read from it");
  }

  transaction<F extends HubTransactionWork>(_work: F): HubTransaction<F> {
    throw new Error("the replica is read-only: reports only read from it");
  }

  close(): void {
    this.replica?.close();
    this.replica = null;
  }

  /** Runs `read` on the replica, or on the primary while the replica cannot be reached. */
  read<T>(read: (db: HubDatabase) => T): T {
    const replica = this.connected();
    if (replica) {
      try {
        return read(replica);
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        this.lost(error as Error);
      }
    }
    return read(this.primary);
  }

  private connected(): PgDatabase | null {
    if (this.replica || this.now() < this.downUntil) return this.replica;
    try {
      this.replica = new PgDatabase(this.conninfo);
    } catch (error) {
      this.lost(error as Error);
    }
    return this.replica;
  }

  private lost(error: Error): void {
    try {
      this.replica?.close();
    } catch {
      // A connection that is already gone has nothing left to close.
    }
    this.replica = null;
    this.downUntil = this.now() + REPLICA_RETRY_MS;
    this.onProblem(
      `the reports' replica cannot be reached (${error.message.replace(/\s+/g, " ").trim()}): reports read from the primary, retrying in ${REPLICA_RETRY_MS / 1000} s`,
    );
  }
}

/** A statement of the reports' reads: prepared on whichever database serves the read. */
class ReplicaStatement implements HubStatement {
  private plucking = false;
  private readonly reads: ReplicaReads;
  private readonly sql: string;

  constructor(reads: ReplicaReads, sql: string) {
    this.reads = reads;
    this.sql = sql;
  }

  run(..._params: unknown[]): HubRunResult {
    throw new Error("the replica is read-only: reports only read from it");
  }

  get(...params: unknown[]): unknown {
    return this.reads.read((db) =>
      db
        .prepare(this.sql)
        .pluck(this.plucking)
        .get(...params),
    );
  }

  all(...params: unknown[]): unknown[] {
    return this.reads.read((db) =>
      db
        .prepare(this.sql)
        .pluck(this.plucking)
        .all(...params),
    );
  }

  pluck(toggle = true): this {
    this.plucking = toggle;
    return this;
  }
}
