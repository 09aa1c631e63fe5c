import { createRequire } from "node:module";
import { PgError, type PgErrorFields } from "./pg-error.ts";
import { readPgValue, writePgValue } from "./pg-values.ts";

/** The part of the `libpq` package (libpq's C client, bound for Node) used here: its blocking calls. */
interface Libpq {
  connectSync(conninfo: string): void;
  exec(sql: string): void;
  prepare(name: string, sql: string, parameterCount: number): void;
  execPrepared(name: string, parameters: (string | null)[]): void;
  resultStatus(): string;
  resultErrorMessage(): string;
  resultErrorFields(): PgErrorFields | undefined;
  errorMessage(): string;
  transactionStatus(): number;
  cmdTuples(): string;
  ntuples(): number;
  nfields(): number;
  fname(column: number): string;
  ftype(column: number): number;
  getvalue(row: number, column: number): string;
  getisnull(row: number, column: number): boolean;
  putCopyData(data: Buffer): number;
  putCopyEnd(errorMessage?: string): number;
  getResult(): boolean;
  finish(): void;
}

/**
 * libpq's binding, loaded on first use: it is an optional dependency (it builds only where
 * Debian's libpq-dev is installed), so a hub on SQLite never needs it.
 */
let libpqBinding: (new () => Libpq) | null = null;
function loadLibpq(): new () => Libpq {
  if (libpqBinding) return libpqBinding;
  try {
    libpqBinding = createRequire(import.meta.url)("libpq") as new () => Libpq;
    return libpqBinding;
  } catch (error) {
    throw new Error(
      `the PostgreSQL store needs the "libpq" package, which did not build here (install Debian's libpq-dev, then pnpm install): ${(error as Error).message}`,
    );
  }
}

/**
 * Closed bindings, held until libuv has closed their socket watchers. libpq's `finish` hands its
 * watcher to libuv to close at the end of a turn of the event loop (the next turn's, when it is
 * closed during that end), but the binding (which holds the watcher) becomes garbage at once: were
 * it collected first, libuv would close freed memory and abort the process ("uv__finish_close:
 * Assertion `0' failed"). A timer of 100 ms did that in the ingest benchmark, 5 runs in 8: closed
 * at the end of a turn that then ran on for longer, the binding was let go among the next turn's
 * timers, before that turn's end. An immediate runs once a turn, before its end: by the second,
 * the end of a turn has come and gone since `finish`.
 */
const closing = new Set<Libpq>();
function keepUntilHandleClosed(pq: Libpq): void {
  closing.add(pq);
  setImmediate(() => setImmediate(() => closing.delete(pq)).unref()).unref();
}

/** How many closed bindings are held for libuv still (for tests). */
export function heldClosedBindings(): number {
  return closing.size;
}

const SUCCEEDED = new Set(["PGRES_TUPLES_OK", "PGRES_COMMAND_OK", "PGRES_EMPTY_QUERY"]);

/** What one command gave back: its column names, its rows as arrays, and the rows it changed. */
export interface PgResult {
  columns: string[];
  rows: unknown[][];
  changes: number;
}

/** libpq's PQTRANS_UNKNOWN: the connection is bad (the server went away). */
const CONNECTION_BAD = 4;

/** Opens a blocking libpq connection, with the server's notices kept off stderr. */
function connect(conninfo: string): Libpq {
  const pq = new (loadLibpq())();
  try {
    pq.connectSync(conninfo);
  } catch (error) {
    pq.finish();
    keepUntilHandleClosed(pq);
    throw new PgError(`cannot connect to PostgreSQL: ${(error as Error).message}`);
  }
  // libpq writes the server's notices ("relation … already exists, skipping") to stderr: the hub
  // logs what matters itself, so only warnings and errors come back.
  pq.exec("SET client_min_messages = warning");
  // The hub's queries walk indexes and end quickly: compiling one (JIT) costs more than it saves
  // (0.5 to 2 s added to reading a year's 50,000 incidents for the annual review).
  pq.exec("SET jit = off");
  // Every statement is planned for the values it runs with. The hub prepares each statement once
  // per connection, and after five runs PostgreSQL may switch to one plan for any values: the
  // incidents of all sites over a year then took 3.8 s instead of 0.15 s from the sixth report on.
  pq.exec("SET plan_cache_mode = force_custom_plan");
  return pq;
}

/**
 * One synchronous connection to PostgreSQL: each call blocks until the server answers, as a
 * better-sqlite3 call blocks on the file, so the hub's synchronous stores can run on it.
 *
 * A lost connection (the server restarted, a failover, a network cut) fails the statement that
 * finds it out, with no SQLSTATE; the next statement outside a transaction connects again and
 * prepares its statements afresh. Inside a transaction nothing reconnects: the transaction fails
 * whole, as it would have.
 */
export class PgConnection {
  private pq: Libpq;
  private readonly conninfo: string;
  /** The text of every statement prepared, by name: prepared again on a new connection. */
  private readonly statements = new Map<string, string>();
  private preparedHere = new Set<string>();
  private lost = false;
  /** Set by the database while a transaction is open on this connection. */
  inTransaction = false;

  /** `conninfo`: a libpq connection string ("host=… port=… dbname=…") or a postgres:// URL. */
  constructor(conninfo: string) {
    this.conninfo = conninfo;
    this.pq = connect(conninfo);
  }

  /** Whether the server was found gone and no new connection is made yet. */
  get isLost(): boolean {
    return this.lost;
  }

  /** Runs SQL text of one or more statements, without parameters. */
  exec(sql: string): PgResult {
    this.usable().exec(sql);
    return this.result();
  }

  /** Prepares `sql` (with `$n` parameters) on the server under `name`. */
  prepare(name: string, sql: string): void {
    this.statements.set(name, sql);
    this.usable().prepare(name, sql, 0);
    this.result();
    this.preparedHere.add(name);
  }

  /** Runs the statement prepared under `name`. */
  execute(name: string, parameters: readonly unknown[]): PgResult {
    const pq = this.usable();
    if (!this.preparedHere.has(name)) this.prepare(name, this.statements.get(name) as string);
    pq.execPrepared(name, parameters.map(writePgValue));
    return this.result();
  }

  /**
   * Runs `sql`, a `COPY … FROM STDIN`, sending `data` (in the format the statement names) as its
   * rows; returns how many it copied. A row the table refuses fails the whole command.
   */
  copyIn(sql: string, data: string): number {
    const pq = this.usable();
    pq.exec(sql);
    if (pq.resultStatus() !== "PGRES_COPY_IN") return this.result().changes;
    // Blocking connection: each call returns once sent (1), or -1 when the connection failed.
    if (pq.putCopyData(Buffer.from(data)) === 1) pq.putCopyEnd();
    pq.getResult();
    const copied = this.result();
    while (pq.getResult()) {
      // The command's end: libpq keeps the last result read, which `result` has checked.
    }
    return copied.changes;
  }

  close(): void {
    this.pq.finish();
    keepUntilHandleClosed(this.pq);
  }

  /** The connection to use: a new one when the last was lost outside a transaction. */
  private usable(): Libpq {
    if (!this.lost) return this.pq;
    if (this.inTransaction) throw new PgError("the connection to PostgreSQL was lost during the transaction");
    const fresh = connect(this.conninfo);
    this.close();
    this.pq = fresh;
    this.preparedHere = new Set();
    this.lost = false;
    return fresh;
  }

  private result(): PgResult {
    const pq = this.pq;
    if (!SUCCEEDED.has(pq.resultStatus())) {
      if (pq.transactionStatus() === CONNECTION_BAD) this.lost = true;
      throw new PgError(pq.resultErrorMessage() || pq.errorMessage(), pq.resultErrorFields());
    }
    const width = pq.nfields();
    const columns = Array.from({ length: width }, (_, c) => pq.fname(c));
    const types = Array.from({ length: width }, (_, c) => pq.ftype(c));
    const rows = Array.from({ length: pq.ntuples() }, (_, r) =>
      types.map((type, c) => (pq.getisnull(r, c) ? null : readPgValue(pq.getvalue(r, c), type))),
    );
    return { columns, rows, changes: Number(pq.cmdTuples()) || 0 };
  }
}
