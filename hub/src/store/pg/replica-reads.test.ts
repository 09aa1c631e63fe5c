import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hasPostgres,
  type PostgresCluster,
  type PostgresReplica,
  startPostgresCluster,
} from "../../testing/postgres-cluster.ts";
import { type HubStores, openPostgresStores } from "../open-stores.ts";
import { seedAgent, storedEvent } from "../temp-stores.ts";
import { PgDatabase } from "./pg-database.ts";
import { migratePostgres } from "./pg-migrations.ts";
import { ReplicaReads } from "./replica-reads.ts";

const RANGE = { sites: ["school-a"], from: "2026-11-23T00:00:00.000Z", to: "2026-11-24T00:00:00.000Z" };
const blockedOnReports = (stores: HubStores) =>
  Number(stores.reportData.lookups(RANGE, "outcome").find((row) => row.key === "blocked")?.n ?? 0);
const events = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => storedEvent({ id: `e-${from + i}`, time: "2026-11-23T09:00:00.000Z" }));

/** Polls `check` every 50 ms for up to 10 s: replication is asynchronous. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out waiting for the replica");
}

/**
 * Reports reading from a real streaming replica (a hot standby made by pg_basebackup on loopback):
 * while its replay is paused they see the data as it was, the primary sees what ingest added; once
 * replay resumes they catch up; with the replica stopped they read from the primary and say so.
 */
describe.skipIf(!hasPostgres())("the reports' reads on a streaming replica", () => {
  let cluster: PostgresCluster;
  let replica: PostgresReplica;
  let standby: PgDatabase;
  let stores: HubStores;
  const problems: string[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const conninfo = cluster.createDatabase("hub");
    const migrating = new PgDatabase(conninfo);
    migratePostgres(migrating);
    migrating.close();
    replica = await cluster.startReplica();
    const work = mkdtempSync(join(tmpdir(), "fenceline-replica-"));
    stores = openPostgresStores(conninfo, {
      auditKeyFile: join(work, "audit-key"),
      attachmentsFolder: join(work, "attachments"),
      replica: { conninfo: `${replica.address} dbname=hub`, onProblem: (message) => problems.push(message) },
    });
    standby = new PgDatabase(`${replica.address} dbname=hub`);
    seedAgent(stores);
  }, 120_000);

  afterAll(() => {
    standby?.close();
    stores?.close();
    cluster?.stop();
  });

  it("reads what the replica has replayed, not what only the primary holds", async () => {
    stores.events.insert(events(0, 5), "2026-11-23T09:00:01.000Z");
    await until(() => blockedOnReports(stores) === 5);
    expect(standby.prepare("SELECT pg_is_in_recovery()").pluck().get()).toBe(1);

    standby.prepare("SELECT pg_wal_replay_pause()").get();
    stores.events.insert(events(5, 3), "2026-11-23T09:00:02.000Z");
    expect(stores.events.count("school-a")).toBe(8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(blockedOnReports(stores)).toBe(5);

    standby.prepare("SELECT pg_wal_replay_resume()").get();
    await until(() => blockedOnReports(stores) === 8);
    expect(problems).toEqual([]);
  });

  it("takes no writes: the reports' reads are reads only", () => {
    const reads = new ReplicaReads(`${replica.address} dbname=hub`, standby, (message) => problems.push(message));
    expect(() => reads.prepare("DELETE FROM events").run()).toThrow(/read-only/);
    expect(() => reads.exec("DELETE FROM events")).toThrow(/read-only/);
    expect(() => reads.transaction(() => 1)).toThrow(/read-only/);
    expect(reads.prepare("SELECT count(*) FROM events").pluck().get()).toBe(8);
    reads.close();
  });

  it("reads from the primary while the replica is down, and says so", () => {
    standby.close();
    replica.stop();
    stores.events.insert(events(8, 2), "2026-11-23T09:00:03.000Z");
    expect(blockedOnReports(stores)).toBe(10);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/replica cannot be reached.*primary/);
    // Within the retry pause, reads stay on the primary without trying the replica again.
    expect(blockedOnReports(stores)).toBe(10);
    expect(problems).toHaveLength(1);
  });
});
