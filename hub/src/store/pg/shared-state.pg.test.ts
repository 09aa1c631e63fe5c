import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import type { HubDatabase } from "../hub-database.ts";
import { JobLeaseStore } from "../job-lease-store.ts";
import { LastBlockStore } from "../last-block-store.ts";
import { openDatabase } from "../open-database.ts";
import { SignInThrottleStore } from "../sign-in-throttle-store.ts";
import { PgDatabase } from "./pg-database.ts";
import { SHARED_STATE_SCHEMA } from "./schema/shared-state.ts";

/** Stand-ins for the tables of other concerns the shared-state schema refers to. */
const STAND_INS = `
  CREATE TABLE report_schedules (id BIGINT PRIMARY KEY);
  INSERT INTO report_schedules VALUES (1);
`;

/** The sweep's holder after `holder` gives it up (only the holder's release counts). */
function releaseThenHolder(leases: JobLeaseStore, holder: string): string | undefined {
  leases.release("sweep", holder);
  return leases.holder("sweep")?.holder;
}

/** The same calls on a store over each database: their answers, to compare. */
function scenario(db: HubDatabase) {
  const leases = new JobLeaseStore(db);
  const lastBlocks = new LastBlockStore(db);
  const signIns = new SignInThrottleStore(db);
  const lease = {
    first: leases.tryAcquire("sweep", "a", 1000, 10_000),
    other: leases.tryAcquire("sweep", "b", 1000, 10_500),
    renewed: leases.tryAcquire("sweep", "a", 1000, 10_600),
    held: leases.holder("sweep"),
    expiredTaken: leases.tryAcquire("sweep", "b", 1000, 12_000),
    releasedByOther: releaseThenHolder(leases, "a"),
    releasedByHolder: releaseThenHolder(leases, "b"),
    slot: leases.claimSlot(1, "2026-12-07T07:00", "a", new Date("2026-12-07T07:00:00Z")),
    slotAgain: leases.claimSlot(1, "2026-12-07T07:00", "b", new Date("2026-12-07T07:00:01Z")),
  };
  lastBlocks.note("school-a|address:10.0.0.1", 5000);
  lastBlocks.note("school-a|address:10.0.0.1", 4000);
  const block = { kept: lastBlocks.get("school-a|address:10.0.0.1"), unknown: lastBlocks.get("nobody") };
  lastBlocks.pruneBefore(6000);
  const attempts = [1, 2, 3, 4].map((i) => signIns.allowAttempt("ip:10.0.0.9", 3, 60_000, 100_000 + i));
  const later = signIns.allowAttempt("ip:10.0.0.9", 3, 60_000, 200_000);
  const failure = signIns.recordFailure("user|ip", 0, (previous) => ({
    failures: previous + 1,
    delayedUntil: 1000 * (previous + 1),
    last: 50,
  }));
  const second = signIns.recordFailure("user|ip", 0, (previous) => ({
    failures: previous + 1,
    delayedUntil: 1000 * (previous + 1),
    last: 60,
  }));
  const seen = signIns.failures("user|ip", 0);
  signIns.clearFailures("user|ip");
  return {
    lease,
    block: { ...block, pruned: lastBlocks.get("school-a|address:10.0.0.1") },
    signIn: { attempts, later, failure, second, seen, cleared: signIns.failures("user|ip", 0) },
  };
}

/** The stores that keep several hub processes in step, on PostgreSQL as on SQLite. */
describe.skipIf(!hasPostgres())("shared-state stores on PostgreSQL, as on SQLite", () => {
  let cluster: PostgresCluster;
  let postgres: PgDatabase;
  let sqlite: HubDatabase;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    postgres = new PgDatabase(cluster.createDatabase("shared_state"));
    postgres.exec(STAND_INS);
    postgres.exec(SHARED_STATE_SCHEMA);
    sqlite = openDatabase(":memory:");
    sqlite.exec(
      "INSERT INTO report_schedules (id, kind, cron, roles, sites, created_by, created_at) VALUES (1, 'weekly-ict', '0 7 * * 1', '[]', '[]', 'x', 'x')",
    );
  });
  afterAll(() => {
    postgres?.close();
    sqlite?.close();
    cluster?.stop();
  });

  it("leases, slot claims, last blocks and sign-in limits answer the same", () => {
    const expected = scenario(sqlite);
    expect(scenario(postgres)).toEqual(expected);
    expect(expected.lease).toMatchObject({ first: true, other: false, renewed: true, expiredTaken: true });
    expect(expected.lease.releasedByOther).toBe("b");
    expect(expected.lease.releasedByHolder).toBeUndefined();
    expect(expected.lease.held?.holder).toBe("a");
    expect([expected.lease.slot, expected.lease.slotAgain]).toEqual([true, false]);
    expect(expected.block).toEqual({ kept: 5000, unknown: undefined, pruned: undefined });
    expect(expected.signIn.attempts).toEqual([true, true, true, false]);
    expect(expected.signIn.later).toBe(true);
    expect(expected.signIn.second.failures).toBe(2);
    expect(expected.signIn.cleared).toBeUndefined();
  });
});
