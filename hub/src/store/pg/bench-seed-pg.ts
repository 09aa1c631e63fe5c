import { spawn } from "node:child_process";
import { join } from "node:path";
import { findPostgresBin } from "../../testing/postgres-cluster.ts";
import { EVENT_COLUMNS, eventValuesSql, isoTimeSql, type ReportDatasetSize } from "../bench-dataset.ts";
import { heartbeatQueriesSql, heartbeatsSql, markSeeded, seedRecords } from "../bench-seed-records.ts";
import { rollupsFromSql } from "../rollup-store.ts";
import { PgDatabase } from "./pg-database.ts";
import { migratePostgres } from "./pg-migrations.ts";

/** Month loads run at once, one server process each (the machine's cores). */
const PARALLEL_LOADS = 2;

/**
 * The reports benchmark's dataset on PostgreSQL (the shape of `bench-dataset.ts`), for a fresh,
 * empty database. Each month of events is generated into a table of its own, indexed, checked and
 * rolled up in the transaction that made it (no WAL at wal_level=minimal, indexes built in bulk),
 * two months at a time over psql (INSERT … SELECT runs on one core), then attached as that month's
 * partition. Benchmarks only.
 */
export async function seedReportDatasetPg(conninfo: string, size: ReportDatasetSize): Promise<void> {
  const t0 = performance.now();
  const seconds = () => ((performance.now() - t0) / 1000).toFixed(0);
  const db = new PgDatabase(conninfo);
  migratePostgres(db);
  seedRecords(db, size);
  console.log(`  sites, incidents and policy changes in ${seconds()} s`);
  const months = monthsOf(size);
  // The heartbeats are one more job beside the months: truncated first, so that they are written without WAL too.
  const jobs = [
    {
      label: "heartbeats",
      sql: `BEGIN; TRUNCATE heartbeats; ${heartbeatsSql(db, size)}; ${heartbeatQueriesSql()}; COMMIT;`,
    },
    ...months.map((month) => ({ label: month.from, sql: monthLoadSql(db, size, month) })),
  ];
  const queue = [...jobs];
  let loaded = 0;
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      await psql(conninfo, job.sql);
      console.log(`  ${job.label} loaded (${++loaded}/${jobs.length}) at ${seconds()} s`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_LOADS }, worker));
  for (const { table, from, to } of months) {
    db.exec(`ALTER TABLE events ATTACH PARTITION ${table} FOR VALUES FROM ('${from}') TO ('${to}');
      ALTER TABLE ${table} DROP CONSTRAINT ${table}_month`);
  }
  console.log(`  events, rollups and heartbeats loaded and months attached in ${seconds()} s; vacuum and analyze...`);
  db.exec("VACUUM ANALYZE");
  markSeeded(db, size);
  console.log(`  dataset built in ${seconds()} s`);
  db.close();
}

interface MonthLoad {
  table: string;
  from: string;
  to: string;
  /** The events [first, last) whose times fall in the month. */
  first: bigint;
  last: bigint;
}

/** The calendar months of the span, with the events of each (event i is at start + floor(span * i / events)). */
function monthsOf(size: ReportDatasetSize): MonthLoad[] {
  const events = BigInt(size.events);
  const span = BigInt(size.end - size.start);
  // The first event at or after `ms`: the least i with span * i / events >= ms - start.
  const firstAt = (ms: number) => {
    const offset = BigInt(Math.max(0, ms - size.start));
    const i = (offset * events + span - 1n) / span;
    return i > events ? events : i;
  };
  const loads: MonthLoad[] = [];
  const cursor = new Date(size.start);
  let month = Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth(), 1);
  while (month < size.end) {
    const date = new Date(month);
    const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    const from = date.toISOString().slice(0, 7);
    loads.push({
      table: `events_${from.replace("-", "_")}`,
      from,
      to: new Date(next).toISOString().slice(0, 7),
      first: firstAt(month),
      last: firstAt(next),
    });
    month = next;
  }
  return loads;
}

/**
 * One month's table: made, filled, indexed and given the partition's keys and its month as a
 * check, and its rollups added, in one transaction.
 */
function monthLoadSql(db: PgDatabase, size: ReportDatasetSize, m: MonthLoad): string {
  const time = isoTimeSql(db, `${size.start} + (${size.end - size.start} * i) / ${size.events}`);
  return `SET maintenance_work_mem = '1GB';
    SET work_mem = '1GB';
    BEGIN;
    CREATE TABLE ${m.table} (LIKE events INCLUDING DEFAULTS);
    INSERT INTO ${m.table} (${EVENT_COLUMNS})
      SELECT ${eventValuesSql(size, "'e' || lpad(i::text, 10, '0')", time)}
      FROM generate_series(${m.first}::bigint, ${m.last - 1n}) i;
    ALTER TABLE ${m.table} ADD PRIMARY KEY (id, time);
    CREATE INDEX ON ${m.table} (site_id, time);
    CREATE INDEX ON ${m.table} (site_id, name, time) WHERE locked = 1;
    CREATE INDEX ON ${m.table} (incident_id, time) WHERE incident_id IS NOT NULL;
    ALTER TABLE ${m.table} ADD CONSTRAINT ${m.table}_month CHECK (time >= '${m.from}' AND time < '${m.to}');
    ${rollupsFromSql(db, m.table)}
    COMMIT;`;
}

/** Runs SQL through psql (its own server process), failing on the first error. */
function psql(conninfo: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(findPostgresBin(), "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`psql failed (${code}): ${errors}`))));
    child.stdin.end(sql);
  });
}
