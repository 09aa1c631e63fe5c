import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { AuditService } from "../services/audit-service.ts";
import { defaultAuditKeyFile } from "../store/audit-key.ts";
import { openDatabase } from "../store/open-database.ts";
import { type HubStores, openHubStores, openPostgresStores } from "../store/open-stores.ts";
import { PgDatabase } from "../store/pg/pg-database.ts";
import { copyStore } from "../store/pg/store-copy.ts";
import { copiedTables, countRows } from "../store/pg/store-copy-tables.ts";
import { seedAgent, storedEvent } from "../store/temp-stores.ts";
import { enrolOverApi } from "../testing/enrol-over-api.ts";
import { grantToken } from "../testing/grant-token.ts";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../testing/postgres-cluster.ts";
import { wireEvent } from "../testing/wire-event.ts";
import { hubMain } from "./hub-cli.ts";

const ADMIN = "fl_admin-token-for-migrate-store-0123456789";
const DSL = "fl_dsl-token-for-migrate-store-01234567890";
const OLD_MONTH_TIME = "2025-03-14T09:30:00.000Z";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await hubMain(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A SQLite hub with real data made through its own API: a site, an agent, a policy, users, events and their incident, a report. */
async function sqliteHubWithData(database: string): Promise<void> {
  const stores = openHubStores(database);
  const hub = createHub({ stores, log: pino({ level: "silent" }) });
  hub.services.alerts.notify = () => {};
  const call = async (method: string, path: string, token: string, body: unknown) => {
    const response = await hub.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  };
  try {
    grantToken(stores, ADMIN, "ict-admin");
    grantToken(stores, DSL, "dsl");
    const [agent] = (await enrolOverApi(hub.app, ADMIN, "school-a", ["gw"])) as [string];
    const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] };
    await call("PUT", "/api/sites/school-a/policy", ADMIN, { policy, reason: "students" });
    const events = ["adult.example", "more.adult.example", "yet.more.adult.example"].map((name) =>
      wireEvent({ clientAddress: "10.1.2.3", name, categories: ["adult"] }),
    );
    // An agent's backlog from months ago: its month gets its own partition on PostgreSQL.
    events.push(wireEvent({ clientAddress: "10.9.9.9", name: "backlog.example", time: Date.parse(OLD_MONTH_TIME) }));
    await call("POST", "/api/agents/events", agent, { schemaVersion: 3, events });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await call("POST", "/api/reports", ADMIN, { kind: "weekly-ict", from: day(-1), to: day(1) });
    await hub.services.alerts.settle();
    signedReviewWithAction(stores);
  } finally {
    stores.close();
  }
}

/**
 * A signed annual review and its action: on PostgreSQL a trigger refuses any action of a signed
 * review, so the copy must hold it off for that table.
 */
function signedReviewWithAction(stores: HubStores): void {
  const at = new Date().toISOString();
  const reviewId = stores.annualReviews.insert({
    siteId: "school-a",
    year: 2026,
    createdBy: "dsl@school.test",
    at,
    meetingOn: "2026-07-01",
    attendees: [],
    decisions: "keep the filter as it is",
  });
  stores.annualReviews.addAction({
    reviewId,
    carriedFrom: null,
    at,
    what: "check the guest wifi",
    owner: "ICT",
    dueOn: null,
    status: "open",
  });
  stores.annualReviews.sign(reviewId, "dsl", "dsl@school.test", at);
  stores.annualReviews.sign(reviewId, "governor", "governor@school.test", at);
}

/** Every copied table's rows on both sides, by table. */
function countsOf(database: string, conninfo: string) {
  const source = openDatabase(database);
  const target = new PgDatabase(conninfo);
  try {
    return copiedTables().map((table) => ({
      table,
      sqlite: countRows(source, table),
      postgres: countRows(target, table),
    }));
  } finally {
    source.close();
    target.close();
  }
}

describe.skipIf(!hasPostgres())(
  "fenceline-hub migrate-store (on a throwaway PostgreSQL cluster: skipped where its server programs are not installed)",
  () => {
    let cluster: PostgresCluster;
    const work = mkdtempSync(join(tmpdir(), "fenceline-migrate-store-"));
    const database = join(work, "hub.sqlite");
    let copy = "";

    beforeAll(async () => {
      cluster = await startPostgresCluster();
      await sqliteHubWithData(database);
      copy = cluster.createDatabase("copy");
    }, 60_000);

    afterAll(() => cluster?.stop());

    it("refuses a call without --from and --to, and a SQLite file that is not there, as usage errors", async () => {
      expect((await run(["migrate-store", "--from", database])).code).toBe(2);
      const missing = await run(["migrate-store", "--from", join(work, "none.sqlite"), "--to", copy]);
      expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/no such SQLite file/) });
    });

    it("copies every table, the counts equal and the audit chain verified on both sides", async () => {
      const result = await run(["migrate-store", "--from", database, "--to", copy]);
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/audit chain on SQLite: intact/);
      expect(result.out).toMatch(/audit chain on PostgreSQL: intact/);
      expect(result.out).toMatch(/PostgreSQL:\n(.|\n)* {2}incidents: 2 rows/);
      const counts = countsOf(database, copy);
      for (const { table, sqlite, postgres } of counts)
        expect({ table, rows: postgres }).toEqual({ table, rows: sqlite });
      const rows = Object.fromEntries(counts.map((c) => [c.table, c.postgres]));
      expect(rows).toMatchObject({ sites: 1, agents: 1, site_policies: 1, events: 4, incidents: 2, reports: 1 });
      expect(rows).toMatchObject({ annual_reviews: 1, annual_review_actions: 1 });
      const target = new PgDatabase(copy);
      try {
        expect(target.prepare("SELECT count(*) FROM events_2025_03").pluck().get()).toBe(1);
      } finally {
        target.close();
      }
      expect(result.out).toMatch(
        /trigger disabled during its table's copy: annual_review_actions: annual_review_actions_locked/,
      );
      expect(rows.audit_log).toBeGreaterThan(3);
    }, 60_000);

    it("refuses a second copy into the same database, naming a table that holds data", async () => {
      const again = await run(["migrate-store", "--from", database, "--to", copy]);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/refused: the target already holds data \(settings: \d+ rows\)/);
    });

    it("resumes a copy interrupted after some tables, and finishes it", async () => {
      const resumed = cluster.createDatabase("resumed");
      const source = openDatabase(database);
      const target = new PgDatabase(resumed);
      try {
        const first = copyStore(source, target, { tableLimit: 5 });
        expect(first).toMatchObject({ finished: false, resumed: [] });
        expect(first.copied.map((c) => c.table)).toEqual(copiedTables().slice(0, 5));
      } finally {
        source.close();
        target.close();
      }
      const result = await run(["migrate-store", "--from", database, "--to", resumed]);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/resuming an interrupted copy: 5 tables were copied already/);
      expect(result.out).toMatch(`copied ${copiedTables().length - 5} tables`);
      for (const { table, sqlite, postgres } of countsOf(database, resumed))
        expect({ table, rows: postgres }).toEqual({ table, rows: sqlite });
    }, 60_000);

    it("gives a copy the hub opens: the incident reads back, and the audit log carries on after SQLite's", () => {
      const sqlite = openHubStores(database);
      let postgres: HubStores | undefined;
      try {
        postgres = openPostgresStores(copy, {
          auditKeyFile: defaultAuditKeyFile(database),
          attachmentsFolder: join(work, "attachments"),
        });
        const [incident] = sqlite.incidents.recentOpen("2000-01-01T00:00:00.000Z");
        expect(incident).toBeDefined();
        expect(postgres.incidents.get(incident?.id as number)).toEqual(incident);
        const lastSeq = sqlite.audit.page(0, 1000).at(-1)?.seq as number;
        const entry = new AuditService(postgres.audit).record("system", "store.migrated", null);
        expect(entry.seq).toBe(lastSeq + 1);
        expect(new AuditService(postgres.audit).verify()).toMatchObject({ ok: true });
      } finally {
        sqlite.close();
        postgres?.close();
      }
    });

    it("gives a copy whose retention counts a month's events less those SQLite's retention had deleted", async () => {
      const trimmed = join(work, "trimmed.sqlite");
      const sqlite = openHubStores(trimmed);
      try {
        seedAgent(sqlite);
        const days = ["02", "10", "20"].map((day) =>
          storedEvent({ id: `march-${day}`, time: `2025-03-${day}T09:00:00.000Z` }),
        );
        sqlite.events.insert(days, "2025-03-20T09:00:00.000Z");
        expect(sqlite.retention.purgeEvents("2025-03-15T00:00:00.000Z", 30)).toBe(2);
      } finally {
        sqlite.close();
      }
      const target = cluster.createDatabase("trimmed");
      expect((await run(["migrate-store", "--from", trimmed, "--to", target])).code).toBe(0);
      const postgres = openPostgresStores(target, {
        auditKeyFile: defaultAuditKeyFile(trimmed),
        attachmentsFolder: join(work, "trimmed-attachments"),
      });
      try {
        expect(postgres.retention.purgeEvents("2025-04-01T00:00:00.000Z", 30)).toBe(1);
      } finally {
        postgres.close();
      }
    }, 60_000);
  },
);
