import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@fenceline/hub/src/hub-app.ts";
import type { HubDatabase } from "@fenceline/hub/src/store/hub-database.ts";
import { type HubStores, openHubStores, openPostgresStores } from "@fenceline/hub/src/store/open-stores.ts";
import { PgDatabase } from "@fenceline/hub/src/store/pg/pg-database.ts";
import { openSqlInspector } from "@fenceline/hub/src/store/sql-inspector.ts";
import { enrolOverApi } from "@fenceline/hub/src/testing/enrol-over-api.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { addPasswordUser } from "@fenceline/hub/src/testing/password-user.ts";
import {
  hasPostgres,
  type PostgresCluster,
  startPostgresCluster,
} from "@fenceline/hub/src/testing/postgres-cluster.ts";
import { wireEvent } from "@fenceline/hub/src/testing/wire-event.ts";
import { EVENT_SCHEMA_VERSION, type WireEvent } from "@fenceline/shared";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubProcess, startHubProcessOn } from "./support/hub-child.ts";
import { SmtpSink } from "./support/smtp-sink.ts";

// Two real hub processes on one database behind "one address" (the senders pick either), with
// two agents' credentials sending the same pupils' lookups to both at once, and a third agent at
// another school sending its own pupils' (on PostgreSQL, stored beside the first school's, each
// holding its own site's write lock). One process is killed (SIGKILL) while batches are in
// flight; the senders retry what failed against the survivor. Once on a SQLite file, once on a
// PostgreSQL server.
const ADMIN = "fl_two-hub-processes-admin-token-0123";
const PUPILS = ["10.20.0.1", "10.20.0.2", "10.20.0.3"];
const BATCHES_PER_AGENT = 24;
/** Events per batch: one for each pupil, several times over. */
const ROUNDS_PER_BATCH = 5;
/** The survivor is hubs[0]; hubs[1] is killed once this many batches have been stored through it. */
const BATCHES_BEFORE_KILL = 6;
/** Each agent's site: two at school-a, one at school-b. */
const SITE_OF_AGENT = ["school-a", "school-a", "school-b"];

const smtp = new SmtpSink();
let credentials: string[] = [];
let hubs: HubProcess[] = [];

/** Where the hubs keep their data: how to open it here, what their configuration says, how to count afterwards. */
interface Backend {
  open(): HubStores;
  config: string;
  /** A read of the database after the run, closed by the caller. */
  inspect(): { value(sql: string): unknown; rows(sql: string): unknown[]; close(): void };
}

function sqliteBackend(): Backend {
  const database = join(mkdtempSync(join(tmpdir(), "fenceline-two-hubs-")), "state", "hub.sqlite");
  return {
    open: () => openHubStores(database),
    config: `database: ${database}\n`,
    inspect: () => openSqlInspector(database),
  };
}

function postgresBackend(cluster: PostgresCluster): Backend {
  const conninfo = cluster.createDatabase("two_hubs");
  const work = mkdtempSync(join(tmpdir(), "fenceline-two-hubs-pg-"));
  const auditKeyFile = join(work, "audit-key");
  const attachmentsFolder = join(work, "attachments");
  const read = (db: HubDatabase) => ({
    value: (sql: string) => db.prepare(sql).pluck().get(),
    rows: (sql: string) => db.prepare(sql).all(),
    close: () => db.close(),
  });
  return {
    open: () => openPostgresStores(conninfo, { auditKeyFile, attachmentsFolder }),
    config: `store: postgres\nauditKeyFile: ${auditKeyFile}\npostgres:\n  url: "${conninfo}"\n  attachmentsFolder: ${attachmentsFolder}\n`,
    inspect: () => read(new PgDatabase(conninfo)),
  };
}

/** Seeds the site, its two agents and a DSL, then starts the two hub processes on the backend. */
async function startHubs(backend: Backend): Promise<void> {
  const stores = backend.open();
  const seeded = createHub({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, ADMIN, "ict-admin");
  await addPasswordUser(seeded.services, "dsl");
  credentials = [
    ...(await enrolOverApi(seeded.app, ADMIN, "school-a", ["gw-1", "gw-2"])),
    ...(await enrolOverApi(seeded.app, ADMIN, "school-b", ["gw-3"])),
  ];
  stores.close();
  const mail = `smtp:\n  host: 127.0.0.1\n  port: ${smtp.port}\n  from: fenceline@hub.test\n`;
  const config = `${backend.config}${mail}`;
  hubs = await Promise.all([startHubProcessOn(config), startHubProcessOn(config)]);
}

beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

/** Posts a batch to a hub: true when it answered that the batch is stored. */
async function post(hub: HubProcess, credential: string, events: WireEvent[]): Promise<boolean> {
  try {
    const response = await fetch(`${hub.url}/api/agents/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
      body: JSON.stringify({ schemaVersion: EVENT_SCHEMA_VERSION, events }),
      signal: AbortSignal.timeout(15_000),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** A lookup of illegal content by each pupil, `ROUNDS_PER_BATCH` times: critical, alerted at once. */
const batch = (): WireEvent[] =>
  Array.from({ length: ROUNDS_PER_BATCH }, () =>
    PUPILS.map((clientAddress) =>
      wireEvent({ time: Date.now(), clientAddress, categories: ["child-abuse"], locked: true }),
    ),
  ).flat();

/** The run: both senders, the crash, the retries; then every event once, one incident per pupil, each alerted once. */
async function crashOfOne(backend: Backend): Promise<void> {
  {
    const sent: string[] = [];
    const sentBySite = new Map<string, number>();
    let storedThroughVictim = 0;
    let retried = 0;
    let killed: Promise<void> | null = null;
    /** One agent's outbox: batches sent in turn, alternating processes, a failed one retried on the survivor. */
    const sender = async (agent: number) => {
      for (let i = 0; i < BATCHES_PER_AGENT; i++) {
        const events = batch();
        sent.push(...events.map((e) => e.id));
        const site = SITE_OF_AGENT[agent] as string;
        sentBySite.set(site, (sentBySite.get(site) ?? 0) + events.length);
        const target = hubs[(i + agent) % 2] as HubProcess;
        if (await post(target, credentials[agent] as string, events)) {
          if (target === hubs[1] && ++storedThroughVictim === BATCHES_BEFORE_KILL) {
            // This sender waits for the crash; the other's batches go on meanwhile.
            killed = killVictim();
            await killed;
          }
          continue;
        }
        retried++;
        let stored = false;
        for (let attempt = 0; attempt < 5 && !stored; attempt++)
          stored = await post(hubs[0] as HubProcess, credentials[agent] as string, events);
        expect(stored).toBe(true);
      }
    };
    // The kill waits for the incidents' alerts (so none is lost in the crash), then lands while
    // the other sender's batches are on their way.
    const killVictim = async () => {
      const deadline = Date.now() + 20_000;
      while (smtp.messages.length < PUPILS.length * sentBySite.size && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await (hubs[1] as HubProcess).kill();
    };
    await Promise.all(SITE_OF_AGENT.map((_, agent) => sender(agent)));
    expect(killed).not.toBeNull();
    await killed;
    expect(retried).toBeGreaterThan(0);
    // Stopped, the survivor has sent every alert it was going to.
    await (hubs[0] as HubProcess).stop();

    const db = backend.inspect();
    try {
      expect(db.value("SELECT COUNT(*) FROM events")).toBe(sent.length);
      expect(db.value("SELECT COUNT(DISTINCT id) FROM events")).toBe(sent.length);
      expect(new Set(sent).size).toBe(sent.length);
      const incidents = db.rows(
        "SELECT id, site_id || ' ' || client_address AS pupil, event_count AS events FROM incidents",
      ) as { id: number; pupil: string; events: number }[];
      const expected = [...sentBySite].flatMap(([site, events]) =>
        PUPILS.map((pupil) => [`${site} ${pupil}`, events / PUPILS.length]),
      );
      expect(incidents.map((i) => [i.pupil, i.events]).sort()).toEqual(expected.sort());
      // Every incident alert the sink received (other mail, say a fleet alert, is not counted).
      const alerted = smtp.messages.flatMap((m) => /incident #(\d+)/.exec(m.subject)?.[1] ?? []).sort();
      expect(alerted).toEqual(incidents.map((i) => String(i.id)).sort());
    } finally {
      db.close();
    }
  }
}

const stopHubs = () => Promise.all(hubs.map((hub) => hub.stop()));

describe("two hub processes on one SQLite file", () => {
  const backend = sqliteBackend();
  beforeAll(async () => {
    smtp.messages.length = 0;
    await startHubs(backend);
  }, 150_000);
  afterAll(stopHubs);

  it(
    "store every event once, raise one incident per pupil and alert it once, through a crash of one",
    () => crashOfOne(backend),
    120_000,
  );
});

describe.skipIf(!hasPostgres())("two hub processes on one PostgreSQL server", () => {
  let cluster: PostgresCluster | undefined;
  let backend: Backend;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    backend = postgresBackend(cluster);
    smtp.messages.length = 0;
    await startHubs(backend);
  }, 150_000);
  afterAll(async () => {
    await stopHubs();
    cluster?.stop();
  });

  it(
    "store every event once, raise one incident per pupil and alert it once, through a crash of one",
    () => crashOfOne(backend),
    120_000,
  );
});
