import { createHash, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { defaultAuditKeyFile } from "../store/audit-key.ts";
import type { HubDatabase } from "../store/hub-database.ts";
import { migrate } from "../store/migrations.ts";
import { asHubDatabase, openDatabase } from "../store/open-database.ts";
import { defaultAttachmentsFolder, type HubStores, openHubStores, openPostgresStores } from "../store/open-stores.ts";
import { PgConnection } from "../store/pg/pg-connection.ts";
import { PgDatabase } from "../store/pg/pg-database.ts";
import { migratePostgres } from "../store/pg/pg-migrations.ts";

/**
 * Which store the hub's tests run on. `FENCELINE_TEST_STORE=postgres` (set by the "hub on
 * PostgreSQL" test project, whose global setup starts a throwaway cluster and puts its address in
 * `FENCELINE_TEST_PG`) runs them on PostgreSQL; anything else on SQLite.
 */
export function testStoreKind(): "sqlite" | "postgres" {
  return process.env.FENCELINE_TEST_STORE === "postgres" ? "postgres" : "sqlite";
}

/** The migrated, empty database every test database is copied from (made by the global setup). */
export const TEMPLATE_DATABASE = "fenceline_template";

/** The cluster's address without a database name (libpq key=value form). */
function clusterAddress(): string {
  const address = process.env.FENCELINE_TEST_PG;
  if (!address) throw new Error("FENCELINE_TEST_STORE=postgres needs FENCELINE_TEST_PG (the test project's setup)");
  return address;
}

let maintenance: PgConnection | null = null;
/** One connection per test worker to the cluster's own database, for creating and dropping test databases. */
function maintenanceConnection(): PgConnection {
  maintenance ??= new PgConnection(`${clusterAddress()} dbname=postgres`);
  return maintenance;
}

/**
 * A database for `path`: the same path always names the same database, so a test that closes its
 * stores and opens the "file" again finds its data; ":memory:" always gets a fresh one.
 */
function databaseNameFor(path: string): string {
  if (path === ":memory:") return `t_${randomUUID().replaceAll("-", "")}`;
  return `f_${createHash("sha256").update(path).digest("hex").slice(0, 40)}`;
}

/** Creates `name` as a copy of the migrated template unless it is there already. */
function ensureDatabase(name: string): void {
  const connection = maintenanceConnection();
  const found = connection.exec(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (found.rows.length === 0)
    // A file copy of the small template: several times quicker than the default WAL-logged copy.
    connection.exec(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`);
}

function openTestPostgresStores(
  path: string,
  options: { auditKeyFile?: string; attachmentsFolder?: string },
): HubStores {
  const name = databaseNameFor(path);
  ensureDatabase(name);
  const throwaway = path === ":memory:";
  const auditKeyFile =
    options.auditKeyFile ??
    (throwaway ? join(tmpdir(), `fenceline-test-key-${randomUUID()}`) : defaultAuditKeyFile(path));
  const stores = openPostgresStores(`${clusterAddress()} dbname=${name}`, {
    auditKeyFile,
    attachmentsFolder: options.attachmentsFolder ?? defaultAttachmentsFolder(path),
  });
  if (!throwaway) return stores;
  // A throwaway database goes with its stores, as an in-memory SQLite one does.
  return {
    ...stores,
    close: () => {
      stores.close();
      maintenanceConnection().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Test support: the hub's stores at `path` (":memory:" for throwaway ones) on the store this test
 * run is for, SQLite or PostgreSQL (see `testStoreKind`). Tests of something only SQLite has (its
 * file, its migrations) call `openHubStores` instead.
 */
export function openTestStores(
  path = ":memory:",
  options: { auditKeyFile?: string; attachmentsFolder?: string } = {},
): HubStores {
  const stores = testStoreKind() === "sqlite" ? openHubStores(path, options) : openTestPostgresStores(path, options);
  return tracked(stores);
}

/** Stores opened by tests and not closed yet. */
const stillOpen = new Set<HubStores>();

function tracked(stores: HubStores): HubStores {
  const open: HubStores = {
    ...stores,
    close: () => {
      if (!stillOpen.delete(open)) return;
      stores.close();
    },
  };
  stillOpen.add(open);
  return open;
}

/**
 * Closes the stores a test file left open (the setup file calls it after each file): test files
 * share their worker, and a PostgreSQL connection left open would be held until the run ends.
 */
export function closeLeftoverTestStores(): void {
  for (const stores of [...stillOpen]) stores.close();
}

/**
 * Test support: a connection of its own to the database of stores opened with `openTestStores(path)`
 * (a file path, not ":memory:"), to seed rows or check figures in plain SQL, as someone with
 * access to the database could behind the hub's back. The SQL is the stores' portable subset.
 */
export function openTestDatabase(path: string, options: { readonly?: boolean } = {}): HubDatabase {
  if (path === ":memory:") throw new Error("a throwaway database cannot be opened twice");
  if (testStoreKind() === "sqlite") return asHubDatabase(new Database(path, { readonly: options.readonly ?? false }));
  const name = databaseNameFor(path);
  ensureDatabase(name);
  return new PgDatabase(`${clusterAddress()} dbname=${name}`);
}

/**
 * Test support, for a schema step: a new database on this run's store, migrated to the schema
 * before the step (`sqliteVersion` on SQLite, `postgresVersion` on PostgreSQL), and a call that
 * brings it to the newest schema. Dropped (or deleted) with `close`.
 */
export function openDatabaseBeforeStep(
  versions: { sqlite: number; postgres: number },
  file = join(tmpdir(), `fenceline-step-${randomUUID()}.sqlite`),
): { db: HubDatabase; migrateToNewest: () => void; close: () => void } {
  if (testStoreKind() === "sqlite") {
    const db = openDatabase(file, versions.sqlite);
    return {
      db,
      migrateToNewest: () => migrate(db),
      close: () => {
        db.close();
        rmSync(file, { force: true });
      },
    };
  }
  const name = databaseNameFor(":memory:");
  maintenanceConnection().exec(`CREATE DATABASE ${name}`);
  const db = new PgDatabase(`${clusterAddress()} dbname=${name}`);
  migratePostgres(db, versions.postgres);
  return {
    db,
    migrateToNewest: () => migratePostgres(db),
    close: () => {
      db.close();
      maintenanceConnection().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
