import { EventPartitions } from "../event-partitions.ts";
import type { HubDatabase } from "../hub-database.ts";
import type { SqliteHubDatabase } from "../open-database.ts";
import { MonthEventCounts } from "./month-event-counts.ts";
import { migratePostgres } from "./pg-migrations.ts";
import {
  copiedColumns,
  copiedTables,
  firstTableHoldingData,
  quoteName,
  sqliteColumns,
  TRIGGERS_REFUSING_COPY,
} from "./store-copy-tables.ts";

/** Rows per INSERT: few statements per table, far under PostgreSQL's 65535 parameters. */
const BATCH_ROWS = 250;

/** The copy's progress in the target, so an interrupted copy resumes where it stopped; dropped once finished. */
const PROGRESS_TABLE = "hub_store_copy";

/** The target holds data this copy did not put there: copying over it would mix two hubs. */
export class TargetNotEmptyError extends Error {}

export interface StoreCopyProgress {
  /** Tables copied by this run, with their rows, in order. */
  copied: { table: string; rows: number }[];
  /** Tables an earlier, interrupted run had copied already. */
  resumed: string[];
  /** Triggers switched off while their table was copied, and why. */
  triggersDisabled: string[];
  /** False when `tableLimit` stopped the copy before the last table. */
  finished: boolean;
}

/**
 * Copies every row of a SQLite hub into a PostgreSQL database: migrates the target to the newest
 * schema, refuses it if it holds data (unless it holds a copy this function started), then copies
 * table by table in the order foreign keys need, each table in its own transaction, recording each
 * in the progress table. `tableLimit` stops after that many tables (an interrupted copy, for tests).
 * Sequences are set by `finishStoreCopy` once every table is there.
 */
export function copyStore(
  source: SqliteHubDatabase,
  target: HubDatabase,
  options: { tableLimit?: number } = {},
): StoreCopyProgress {
  migratePostgres(target);
  const done = startOrResume(target);
  const progress: StoreCopyProgress = { copied: [], resumed: [...done], triggersDisabled: [], finished: true };
  for (const table of copiedTables()) {
    if (done.has(table)) continue;
    if (options.tableLimit !== undefined && progress.copied.length >= options.tableLimit) {
      progress.finished = false;
      break;
    }
    const triggers = TRIGGERS_REFUSING_COPY[table] ?? [];
    const rows = target.transaction(() => copyTable(source, target, table, triggers))();
    progress.copied.push({ table, rows });
    for (const trigger of triggers)
      progress.triggersDisabled.push(
        `${table}: ${trigger} (it refuses rows SQLite accepted before a review was signed)`,
      );
  }
  return progress;
}

/** The tables a started copy has done; for a new copy, checks the target is empty and starts the record. */
function startOrResume(target: HubDatabase): Set<string> {
  const started = target.prepare("SELECT to_regclass(?) IS NOT NULL").pluck().get(PROGRESS_TABLE) === 1;
  if (started) {
    const done = target.prepare(`SELECT table_name FROM ${PROGRESS_TABLE} WHERE done`).pluck().all() as string[];
    return new Set(done);
  }
  const holding = firstTableHoldingData(target);
  if (holding)
    throw new TargetNotEmptyError(
      `the target already holds data (${holding.table}: ${holding.rows} rows); migrate-store copies only into an empty database`,
    );
  target.exec(
    `CREATE TABLE ${PROGRESS_TABLE} (table_name TEXT PRIMARY KEY, copied_rows BIGINT NOT NULL, done BOOLEAN NOT NULL)`,
  );
  return new Set();
}

/**
 * One table, inside the caller's transaction: the rows the schema seeded go (the source's replace
 * them), the source's rows go in by batches in rowid order (a row may refer to an earlier one of
 * its table), the triggers that would refuse them are off until the end, and the table is marked done.
 */
function copyTable(source: SqliteHubDatabase, target: HubDatabase, table: string, triggers: readonly string[]): number {
  const name = quoteName(table);
  const columns = copiedColumns(source, target, table);
  for (const trigger of triggers) target.exec(`ALTER TABLE ${name} DISABLE TRIGGER ${quoteName(trigger)}`);
  target.exec(`DELETE FROM ${name}`);
  let rows = 0;
  if (columns.length > 0) {
    const insert = batchInserter(target, table, columns);
    let batch: unknown[][] = [];
    for (const row of readRows(source, table, columns)) {
      batch.push(row);
      if (batch.length === BATCH_ROWS) {
        insert(batch);
        batch = [];
      }
      rows++;
    }
    if (batch.length > 0) insert(batch);
  }
  for (const trigger of triggers) target.exec(`ALTER TABLE ${name} ENABLE TRIGGER ${quoteName(trigger)}`);
  target.prepare(`INSERT INTO ${PROGRESS_TABLE} (table_name, copied_rows, done) VALUES (?, ?, true)`).run(table, rows);
  return rows;
}

/** The source's rows of a table as arrays of `columns`, oldest first where the table has a rowid. */
function readRows(source: SqliteHubDatabase, table: string, columns: string[]): IterableIterator<unknown[]> {
  const definition = source.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
  const hasRowid = !/WITHOUT\s+ROWID/i.test(String(definition.get(table) ?? ""));
  const list = columns.map(quoteName).join(", ");
  const order = hasRowid ? " ORDER BY rowid" : "";
  return source
    .prepare(`SELECT ${list} FROM ${quoteName(table)}${order}`)
    .raw(true)
    .iterate() as IterableIterator<unknown[]>;
}

/**
 * Inserts a batch of rows with one statement; for events, the month partitions of the batch are
 * made first (see `event-partitions.ts`).
 */
function batchInserter(target: HubDatabase, table: string, columns: string[]): (rows: unknown[][]) => void {
  const partitions = table === "events" ? new EventPartitions(target) : null;
  const timeAt = columns.indexOf("time");
  const now = new Date().toISOString();
  const row = `(${columns.map(() => "?").join(", ")})`;
  const head = `INSERT INTO ${quoteName(table)} (${columns.map(quoteName).join(", ")}) VALUES `;
  return (rows) => {
    if (partitions)
      partitions.ensureFor(
        rows.map((r) => String(r[timeAt])),
        now,
      );
    target.prepare(head + rows.map(() => row).join(", ")).run(...rows.flat());
  };
}

/**
 * Once every table is copied, in one transaction: each identity sequence continues after the
 * table's highest id (or after SQLite's AUTOINCREMENT high-water mark, which may be higher), the
 * audit log's sequence takes SQLite's, each month's count of events no longer stored is set, and
 * the progress record goes: the copy is complete.
 */
export function finishStoreCopy(source: SqliteHubDatabase, target: HubDatabase): void {
  const highWater = sqliteSequences(source);
  target.transaction(() => {
    for (const table of copiedTables())
      for (const column of identityColumns(target, table)) {
        const max = target
          .prepare(`SELECT max(${quoteName(column)}) FROM ${quoteName(table)}`)
          .pluck()
          .get() as number | null;
        const last = Math.max(max ?? 0, highWater.get(table) ?? 0);
        target
          .prepare("SELECT setval(pg_get_serial_sequence(?, ?), ?, ?)")
          .get(quoteName(table), column, Math.max(last, 1), last > 0 ? 1 : 0);
      }
    const auditMax = target.prepare("SELECT max(seq) FROM audit_log").pluck().get() as number | null;
    const auditSeq = Math.max(auditMax ?? 0, highWater.get("audit_log") ?? 0);
    target.prepare("UPDATE audit_log_sequence SET last_seq = ?").run(auditSeq);
    // SQLite's retention deleted rows its rollups still count: retention here needs to know which.
    new MonthEventCounts(target).recount();
    target.exec(`DROP TABLE ${PROGRESS_TABLE}`);
  })();
}

/** SQLite's AUTOINCREMENT high-water marks, by table. */
function sqliteSequences(source: SqliteHubDatabase): Map<string, number> {
  if (sqliteColumns(source, "sqlite_sequence").length === 0) return new Map();
  const rows = source.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[];
  return new Map(rows.map((r) => [r.name, r.seq]));
}

function identityColumns(target: HubDatabase, table: string): string[] {
  return target
    .prepare(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'`,
    )
    .pluck()
    .all(table) as string[];
}
