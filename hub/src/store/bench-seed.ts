import { EVENT_COLUMNS, eventValuesSql, isoTimeSql, type ReportDatasetSize } from "./bench-dataset.ts";
import { heartbeatQueriesSql, heartbeatsSql, markSeeded, seedRecords } from "./bench-seed-records.ts";
import { openDatabase } from "./open-database.ts";
import { RollupStore } from "./rollup-store.ts";

export type { ReportDatasetSize } from "./bench-dataset.ts";

/**
 * The reports benchmark's dataset on SQLite, written straight into the tables with set-based SQL
 * (`bench-dataset.ts` has its shape): ten million events through the ingest path would take hours.
 * Benchmarks only.
 */
export function seedReportDataset(path: string, size: ReportDatasetSize): void {
  const db = openDatabase(path);
  const t0 = performance.now();
  seedRecords(db, size);
  db.exec(heartbeatsSql(db, size));
  db.exec(heartbeatQueriesSql());
  // Event i at its share of the span, in chunks of a million (one transaction each).
  const time = isoTimeSql(db, `${size.start} + (${size.end - size.start} * i) / ${size.events}`);
  const insert = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < @to - 1)
    INSERT INTO events (${EVENT_COLUMNS})
    SELECT ${eventValuesSql(size, "printf('e%010d', i)", time)} FROM n`);
  // The events' secondary indexes are built once the events are in: inserted into, each chunk would
  // rewrite every page of them into the WAL (gigabytes, beside a database of ten).
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  const chunk = 1_000_000;
  for (let from = 0; from < size.events; from += chunk) {
    db.transaction(() => insert.run({ from, to: Math.min(size.events, from + chunk) }))();
    db.pragma("wal_checkpoint(TRUNCATE)");
    process.stdout.write(`  events: ${Math.min(size.events, from + chunk).toLocaleString()}\r`);
  }
  for (const { sql } of indexes) {
    db.exec(sql);
    db.pragma("wal_checkpoint(TRUNCATE)");
  }
  console.log(`\n  events seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s; building rollups...`);
  new RollupStore(db).rebuildFromEvents();
  db.pragma("wal_checkpoint(TRUNCATE)");
  markSeeded(db, size);
  console.log(`  dataset built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  db.close();
}
