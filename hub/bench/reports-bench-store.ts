import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ReportDatasetSize } from "../src/store/bench-dataset.ts";
import { seedReportDataset } from "../src/store/bench-seed.ts";
import { openDatabase } from "../src/store/open-database.ts";
import { type HubStores, openHubStores, openPostgresStores } from "../src/store/open-stores.ts";
import { seedReportDatasetPg } from "../src/store/pg/bench-seed-pg.ts";
import { PgDatabase } from "../src/store/pg/pg-database.ts";
import { type PostgresCluster, startPostgresCluster } from "../src/testing/postgres-cluster.ts";

/** The benchmark's stores over its dataset, built first when bench-results/ does not have it yet. */
export interface BenchStores {
  stores: HubStores;
  /** Each table's size on disk (with its indexes), largest first. */
  sizes(): { table: string; bytes: number; rows: number }[];
  close(): void;
}

const df = (dir: string) => execFileSync("df", ["-h", "--output=avail", dir]).toString().split("\n")[1]?.trim();

function build(dir: string, label: string, seed: () => void | Promise<void>): Promise<void> | void {
  console.log(`building the dataset (${label}); disk free before: ${df(dir)}`);
  const started = performance.now();
  const done = () =>
    console.log(`dataset built in ${((performance.now() - started) / 1000).toFixed(0)} s; disk free after: ${df(dir)}`);
  const seeded = seed();
  if (seeded instanceof Promise) return seeded.then(done);
  done();
}

export async function openSqliteBench(dir: string, size: ReportDatasetSize): Promise<BenchStores> {
  const file = join(dir, `reports-${size.events}-${size.sites ?? 1}sites.sqlite`);
  if (!existsSync(file)) await build(dir, file, () => seedReportDataset(file, size));
  const stores = openHubStores(file);
  const db = openDatabase(file);
  return {
    stores,
    sizes: () => {
      const rows = db
        .prepare(
          `SELECT coalesce(i.tbl_name, s.name) AS "table", SUM(s.pgsize) AS bytes FROM dbstat s
           LEFT JOIN sqlite_schema i ON i.name = s.name GROUP BY 1 ORDER BY 2 DESC LIMIT 8`,
        )
        .all() as { table: string; bytes: number }[];
      return [{ table: "(file)", bytes: statSync(file).size, rows: 0 }, ...rows.map((r) => ({ ...r, rows: 0 }))];
    },
    close: () => {
      stores.close();
      db.close();
    },
  };
}

/** Whether the database has a finished dataset (the seed writes the event count last). */
function hasDataset(conninfo: string): boolean {
  const db = new PgDatabase(conninfo);
  try {
    if (db.prepare("SELECT to_regclass('settings') IS NOT NULL").pluck().get() !== 1) return false;
    return db.prepare("SELECT 1 FROM settings WHERE key = 'events.stored'").get() !== undefined;
  } finally {
    db.close();
  }
}

/** PostgreSQL in a cluster kept under bench-results/ (made, and the dataset built, on the first run). */
export async function openPostgresBench(dir: string, size: ReportDatasetSize): Promise<BenchStores> {
  const folder = join(dir, `reports-pg-${size.events}-${size.sites ?? 1}sites`);
  mkdirSync(folder, { recursive: true });
  const cluster: PostgresCluster = await startPostgresCluster({
    folder,
    settings: [
      "wal_level=minimal",
      "max_wal_senders=0",
      "shared_buffers=2GB",
      // WAL between checkpoints stays small: the rollups' inserts are logged, and 100 M events
      // leave little of the disk free.
      "max_wal_size=4GB",
      "checkpoint_timeout=30min",
      "effective_cache_size=12GB",
    ],
  });
  const conninfo = `${cluster.address} dbname=reports`;
  try {
    const admin = new PgDatabase(`${cluster.address} dbname=postgres`);
    const exists = admin.prepare("SELECT 1 FROM pg_database WHERE datname = 'reports'").get() !== undefined;
    const built = exists && hasDataset(conninfo);
    if (!built) {
      // A build that did not finish is started over.
      if (exists) admin.exec("DROP DATABASE reports");
      admin.exec("CREATE DATABASE reports");
      await build(dir, folder, () => seedReportDatasetPg(conninfo, size));
    }
    admin.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const stores = openPostgresStores(conninfo, {
    auditKeyFile: join(folder, "audit.key"),
    attachmentsFolder: join(folder, "attachments"),
  });
  const db = new PgDatabase(conninfo);
  return {
    stores,
    sizes: () =>
      db
        .prepare(
          `SELECT coalesce(p.relname, c.relname) AS "table", SUM(pg_total_relation_size(c.oid)) AS bytes,
             SUM(c.reltuples) AS rows
           FROM pg_class c LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
           WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace GROUP BY 1 ORDER BY 2 DESC LIMIT 8`,
        )
        .all() as { table: string; bytes: number; rows: number }[],
    close: () => {
      stores.close();
      db.close();
      cluster.stop();
    },
  };
}
