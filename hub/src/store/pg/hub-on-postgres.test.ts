import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConfiguredStores } from "../../cli/open-configured-stores.ts";
import { loadHubConfig } from "../../config/hub-config.ts";
import { createHub, type Hub } from "../../hub-app.ts";
import { enrolOverApi } from "../../testing/enrol-over-api.ts";
import { grantToken } from "../../testing/grant-token.ts";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { wireEvent } from "../../testing/wire-event.ts";
import { INSERT_POSTGRES, STORED_IDS_POSTGRES } from "../event-store.ts";
import { identityLookupSql } from "../identity-lookup-store.ts";
import { type HubStores, openPostgresStores } from "../open-stores.ts";
import { storedEvent } from "../temp-stores.ts";
import { PgDatabase } from "./pg-database.ts";
import { migratePostgres, PG_MIGRATIONS } from "./pg-migrations.ts";

const ADMIN = "fl_admin-token-for-hub-on-postgres-0123456789";
const DSL = "fl_dsl-token-for-hub-on-postgres-01234567890";
const AUDITOR = "fl_auditor-token-for-hub-on-postgres-0123456";

/**
 * The whole hub on PostgreSQL over real HTTP: a site and an agent enrolled through the API, a
 * policy set and fetched by the agent, flagged look-ups ingested (twice: stored once) and an
 * incident raised from them, the events listed, a report generated and the audit trail verified.
 */
describe.skipIf(!hasPostgres())("the hub on PostgreSQL", () => {
  let cluster: PostgresCluster;
  let stores: HubStores;
  let hub: Hub;
  let server: ReturnType<typeof serve>;
  let url = "";
  let conninfo = "";
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };

  /** Runs `work` on a connection of its own to the hub's database, closed after. */
  const onDatabase = (work: (db: PgDatabase) => void) => {
    const db = new PgDatabase(conninfo);
    try {
      work(db);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    conninfo = cluster.createDatabase("hub");
    const work = mkdtempSync(join(tmpdir(), "fenceline-hub-pg-"));
    stores = openPostgresStores(conninfo, {
      auditKeyFile: join(work, "audit-key"),
      attachmentsFolder: join(work, "attachments"),
    });
    hub = createHub({ stores, log: pino({ level: "silent" }) });
    // No mail server here: the incident is what this test is after, not its alert.
    hub.services.alerts.notify = () => {};
    grantToken(stores, ADMIN, "ict-admin");
    grantToken(stores, DSL, "dsl");
    grantToken(stores, AUDITOR, "auditor");
    server = await new Promise((resolve) => {
      const s = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 60_000);

  afterAll(async () => {
    await hub?.services.alerts.settle();
    server?.close();
    stores?.close();
    cluster?.stop();
  });

  /** The hub's stores as a configuration file on PostgreSQL opens them: `postgres` says where the server is (`folder` is the file's). */
  const openFromConfig = (postgres: (folder: string) => string, more: string[] = []) => {
    const folder = mkdtempSync(join(tmpdir(), "fenceline-hub-pg-config-"));
    const config = join(folder, "hub.yaml");
    writeFileSync(
      config,
      [
        'listen: "127.0.0.1:0"',
        "store: postgres",
        `auditKeyFile: ${join(folder, "audit-key")}`,
        `postgres: { ${postgres(folder)}, attachmentsFolder: ${join(folder, "attachments")} }`,
        ...more,
      ].join("\n"),
    );
    return openConfiguredStores(loadHubConfig(config));
  };

  it("opens from a configuration file that says store: postgres, the URL kept in its own file", () => {
    const opened = openFromConfig((folder) => {
      writeFileSync(join(folder, "url"), `${conninfo}\n`);
      return `urlFile: ${join(folder, "url")}`;
    });
    try {
      expect(opened.settings.get("audit.head")).not.toBeUndefined();
    } finally {
      opened.close();
    }
  });

  it("makes no month partition wholly older than raw events are kept: such events wait in the kept partition for retention", () => {
    const database = cluster.createDatabase("old_months");
    const opened = openFromConfig(
      () => `url: "${database}"`,
      ["retention: { rawEventsDays: 90, aggregatesDays: 400, incidentsDays: 2190, auditDays: 2190 }"],
    );
    const partitions = new PgDatabase(database);
    try {
      const now = new Date().toISOString();
      // A gateway whose clock was reset, or an agent sending decades of months: one table each, before.
      const times = ["1970-01-01T00:00:01.000Z", "2001-05-05T12:00:00.000Z", now];
      opened.events.insert(
        times.map((time, i) => storedEvent({ id: `e-${i}`, time })),
        now,
      );
      const months = partitions
        .prepare("SELECT relname FROM pg_class WHERE relname ~ '^events_[0-9]{4}_[0-9]{2}$' AND relkind = 'r'")
        .pluck()
        .all();
      expect(months).toContain(`events_${now.slice(0, 4)}_${now.slice(5, 7)}`);
      expect(months).not.toContain("events_1970_01");
      expect(months).not.toContain("events_2001_05");
      expect(opened.events.count("school-a")).toBe(3);
      const cutOff = new Date(Date.now() - 90 * 86_400_000).toISOString();
      expect(opened.retention.purgeEvents(cutOff, 10)).toBe(2);
      expect(opened.events.count("school-a")).toBe(1);
    } finally {
      partitions.close();
      opened.close();
    }
  });

  it("migrates once: a second opening finds the schema current", () => {
    const again = new PgDatabase(conninfo);
    try {
      expect(migratePostgres(again)).toBe(PG_MIGRATIONS.length);
    } finally {
      again.close();
    }
  });

  it("enrols, serves the policy, ingests once, raises an incident, reports and keeps the audit chain", async () => {
    const [agent] = (await enrolOverApi(hub.app, ADMIN, "school-a", ["gw"])) as [string];
    const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] };
    expect((await call("PUT", "/api/sites/school-a/policy", ADMIN, { policy, reason: "students" })).status).toBe(200);
    const served = await call("GET", "/api/agents/policy", agent);
    expect(served.status).toBe(200);
    expect((served.body.policy as { defaultGroup: string }).defaultGroup).toBe("students");

    const events = [
      wireEvent({ clientAddress: "10.1.2.3", name: "adult.example", categories: ["adult"] }),
      wireEvent({ clientAddress: "10.1.2.3", name: "more.adult.example", categories: ["adult"] }),
    ];
    const batch = { schemaVersion: 3, events };
    for (let i = 0; i < 2; i++) expect((await call("POST", "/api/agents/events", agent, batch)).status).toBe(200);
    const listed = await call("GET", "/api/events?limit=10", ADMIN);
    expect((listed.body.events as unknown[]).length).toBe(2);
    const incidents = await call("GET", "/api/incidents", DSL);
    const adult = (incidents.body.incidents as { category: string }[]).filter((i) => i.category === "adult");
    expect(adult).toHaveLength(1);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await call("POST", "/api/reports", ADMIN, { kind: "weekly-ict", from: day(-1), to: day(1) });
    expect(report.status).toBe(201);
    const verdict = await call("GET", "/api/audit/verify", AUDITOR);
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: true });
  }, 60_000);

  it("compresses stored reports' bodies with LZ4", () => {
    onDatabase((db) => {
      const id = db
        .prepare(
          `INSERT INTO reports (kind, title, period_from, period_to, sites, generated_at, generated_by, data_version, body)
           VALUES ('weekly-ict', 'large', '', '', '[]', '', 'test', '', ?) RETURNING id`,
        )
        .pluck()
        .get(JSON.stringify(Array.from({ length: 20_000 }, (_, n) => ({ site: `site-${n}`, blocked: n % 97 }))));
      expect(db.prepare("SELECT pg_column_compression(body) FROM reports WHERE id = ?").pluck().get(id)).toBe("lz4");
      db.prepare("DELETE FROM reports WHERE id = ?").run(id);
    });
  });

  it("keeps the counts reports sum in the rollups' keys, so that a week is read from the keys alone", () => {
    onDatabase((db) => {
      const included = db.prepare(
        `SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey[i.indnkeyatts:])
         WHERE i.indexrelid = ?::regclass`,
      );
      expect(included.pluck().get("rollup_events_pkey")).toBe("lookups");
      expect(included.pluck().get("rollup_names_pkey")).toBe("category,lookups");
      expect(included.pluck().get("rollup_heartbeat_queries_pkey")).toBe("lookups");
      expect(included.pluck().get("rollup_months_by_month")).toBe("lookups");
    });
  });

  it("stores events without checking each one's site and agent against their tables", () => {
    onDatabase((db) => {
      const references = db.prepare(
        "SELECT COUNT(*)::int FROM pg_constraint WHERE contype = 'f' AND conrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'events'::regclass UNION SELECT 'events'::regclass)",
      );
      expect(references.pluck().get()).toBe(0);
      // The rest of the schema keeps its references.
      expect(db.prepare("SELECT COUNT(*)::int FROM pg_constraint WHERE contype = 'f'").pluck().get()).toBeGreaterThan(
        20,
      );
    });
  });

  it("keeps the incident engine's updates on their row's page, adding nothing to any index", () => {
    onDatabase((db) => {
      db.prepare("INSERT INTO sites (id, name, created_at) VALUES ('hot-site', 'Hot', '2026-11-01T00:00:00Z')").run();
      const id = db
        .prepare(
          `INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity, severity, state,
             illegal, opened_at, first_seen, last_seen, event_count, engine_key, person_id)
           VALUES ('hot-site', '10.0.0.9', 'pupils', 'adult', 'low', 'low', 'open', 0, '2026-11-01T09:00:00Z',
             '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z', 1, 'hot-key', NULL) RETURNING id`,
        )
        .pluck()
        .get();
      const hotUpdates = () => {
        db.prepare("SELECT pg_stat_force_next_flush()").get();
        return Number(
          db.prepare("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'incidents'").pluck().get(),
        );
      };
      const before = hotUpdates();
      // What the engine changes as a batch joins the incident (see engine-incident-store.ts).
      for (let n = 2; n <= 6; n++)
        db.prepare(
          `UPDATE incidents SET first_seen = first_seen, last_seen = ?, event_count = ?, auto_severity = 'medium',
             severity = 'medium', repeat_escalated = 1, hostname = 'laptop', mac = 'aa:bb', device_id = NULL,
             user_name = 'ana' WHERE id = ?`,
        ).run(`2026-11-01T09:0${n}:00Z`, n, id);
      expect(hotUpdates() - before).toBe(5);
      db.prepare("DELETE FROM incidents WHERE id = ?").run(id);
    });
  });

  it("looks a batch's ids up by the events' keys, even where the month's statistics are stale", () => {
    onDatabase((db) => {
      // A month analysed while nearly empty, then grown, as any month is between automatic analyses:
      // read by its statistics, the whole month looks cheaper to scan than 1,000 key look-ups.
      const month = "2026-02";
      db.prepare("SELECT events_ensure_month(?)").run(month);
      db.exec(`ANALYZE events_2026_02`);
      db.prepare(
        `INSERT INTO events (id, site_id, agent_id, time, client_address, client_group, name, qtype, outcome,
           categories, monitored, locked, received_at)
         SELECT 'stale-' || n, site_id, id, ? || '-01T00:00:00.000Z', '10.0.0.1', 'pupils', 'n' || n || '.example', 1,
           'blocked', '["gambling"]', '[]', 0, ? || '-01T00:00:00.000Z' FROM agents, generate_series(1, 20000) n LIMIT 20000`,
      ).run(month, month);
      const batch = JSON.stringify(Array.from({ length: 1000 }, (_, n) => `probe-${n}`));
      const rows = JSON.stringify(Array.from({ length: 1000 }, (_, n) => ({ id: `probe-${n}`, time: `${month}-02` })));
      const plans = [
        db.prepare(`EXPLAIN ${STORED_IDS_POSTGRES}`).pluck().all(batch),
        db.prepare(`EXPLAIN ${INSERT_POSTGRES}`).pluck().all("2026-02-02T00:00:00Z", rows),
      ].map((lines) => (lines as string[]).join("\n"));
      for (const plan of plans) {
        expect(plan).toMatch(/Index (Only )?Scan using events_2026_02_pkey|Bitmap Index Scan on events_2026_02_pkey/);
        expect(plan).not.toMatch(/Seq Scan on events_2026_02/);
      }
      db.exec("DELETE FROM events WHERE id LIKE 'stale-%'");
    });
  });

  it("matches a batch's people and devices through the site's indexes, not by reading the whole directory", () => {
    const site = "plan-school";
    const at = "2026-11-01T00:00:00Z";
    stores.fleet.createSite(site, "A large school", at);
    onDatabase((db) => {
      // A large school's directory, analysed, as any is after its import.
      db.prepare(
        `INSERT INTO people (site_id, kind, display_name, external_id, username, created_at, updated_at)
         SELECT ?, 'pupil', 'Pupil ' || n, 'upn-' || n, 'plan-pupil' || n, ?, ? FROM generate_series(1, 3000) n`,
      ).run(site, at, at);
      db.prepare(
        `INSERT INTO devices (site_id, mac, kind, created_at, updated_at)
         SELECT ?, 'plan:' || n, 'laptop', ?, ? FROM generate_series(1, 3000) n`,
      ).run(site, at, at);
      db.exec("ANALYZE people; ANALYZE devices");
      const sql = identityLookupSql(db);
      const ids = JSON.stringify(Array.from({ length: 100 }, (_, n) => n + 1));
      const texts = JSON.stringify(Array.from({ length: 100 }, (_, n) => `plan-pupil${n}`));
      const plan = (text: string, ...args: unknown[]) =>
        (
          db
            .prepare(`EXPLAIN ${text}`)
            .pluck()
            .all(...args) as string[]
        ).join("\n");
      expect(plan(sql.devicesByMac, site, texts)).toMatch(/Index Cond: \(\(site_id = .*\) AND \(mac = ANY/);
      expect(plan(sql.devicesById, site, ids)).toMatch(/Index Cond: \(id = ANY/);
      expect(plan(sql.peopleById, site, ids)).toMatch(/Index Cond: \(id = ANY/);
      const logins = plan(sql.peopleByLogin, { site, logins: texts });
      expect(logins).toMatch(/Index Cond: \(\(site_id = .*\) AND \(username = ANY/);
      expect(logins).toMatch(/Index Cond: \(\(site_id = .*\) AND \(external_id = ANY/);
      db.prepare("DELETE FROM devices WHERE site_id = ? AND mac LIKE 'plan:%'").run(site);
      db.prepare("DELETE FROM people WHERE site_id = ? AND username LIKE 'plan-pupil%'").run(site);
    });
  });

  it("answers 503 while its connection is lost, and serves the next request on a new one", async () => {
    const admin = new PgDatabase(conninfo);
    try {
      admin
        .prepare(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'hub' AND pid <> pg_backend_pid()",
        )
        .all();
    } finally {
      admin.close();
    }
    const lost = await call("GET", "/api/incidents", DSL);
    expect(lost.status).toBe(503);
    expect(lost.body).toMatchObject({ error: { code: "unavailable" } });
    expect((await call("GET", "/api/incidents", DSL)).status).toBe(200);
  });
});
