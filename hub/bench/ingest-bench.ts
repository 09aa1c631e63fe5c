/**
 * `pnpm bench:ingest`: events stored per second by the hub (SQLite file, WAL) from several
 * concurrent agents posting gzipped batches over HTTP on 127.0.0.1, and request latency. Every
 * event is in a graded category, so the incident engine works on each one inside the ingest
 * transaction: these figures include raising and aggregating incidents. With identity (the default;
 * BENCH_IDENTITY=0 leaves it out) the site has 2,000 people with a device each, and events carry a
 * hardware address or a user name, which the hub matches to its own tables at ingest.
 * `--store postgres` runs the same on a throwaway PostgreSQL cluster on loopback (identity off:
 * the people are seeded straight into the SQLite file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { Agent, request } from "undici";
import { createHubApp } from "../src/hub-app.ts";
import { type HubStores, openHubStores, openPostgresStores } from "../src/store/open-stores.ts";
import { enrolOverApi } from "../src/testing/enrol-over-api.ts";
import { grantToken } from "../src/testing/grant-token.ts";
import { identityRows } from "../src/testing/identity-rows.ts";
import { type PostgresCluster, startPostgresCluster } from "../src/testing/postgres-cluster.ts";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADMIN = "fl_bench-admin-token";
const POSTGRES = process.argv.includes("--store") && process.argv[process.argv.indexOf("--store") + 1] === "postgres";
const IDENTITY = process.env.BENCH_IDENTITY !== "0" && !POSTGRES;
const PEOPLE = 2000;
const macOf = (n: number) =>
  `02:00:00:00:${((n >> 8) & 255).toString(16).padStart(2, "0")}:${(n & 255).toString(16).padStart(2, "0")}`;

const work = mkdtempSync(join(tmpdir(), "fenceline-ingest-bench-"));
let cluster: PostgresCluster | null = null;
async function openStores(): Promise<HubStores> {
  if (!POSTGRES) return openHubStores(join(work, "hub.sqlite"));
  cluster = await startPostgresCluster();
  const conninfo = cluster.createDatabase("bench");
  return openPostgresStores(conninfo, {
    auditKeyFile: join(work, "audit-key"),
    attachmentsFolder: join(work, "attachments"),
  });
}
const stores = await openStores();
console.log(`store: ${POSTGRES ? "PostgreSQL (throwaway cluster on 127.0.0.1)" : "SQLite (WAL)"}`);
const app = createHubApp({ stores, log: pino({ level: "silent" }) });
grantToken(stores, ADMIN, "ict-admin");
const credentials = await enrolOverApi(
  app,
  ADMIN,
  "bench-site",
  Array.from({ length: AGENTS }, (_, a) => `agent-${a}`),
);
if (IDENTITY) {
  const rows = identityRows(join(work, "hub.sqlite"));
  for (let n = 0; n < PEOPLE; n++) {
    const person = rows.person("bench-site", { displayName: `Pupil ${n}`, username: `pupil${n}` });
    rows.device("bench-site", { mac: macOf(n), ownerId: person });
  }
  rows.close();
}
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
});
const port = (server.address() as { port: number }).port;
const dispatcher = new Agent({ connections: AGENTS });

const latencies: number[] = [];
let sent = 0;
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await Promise.all(
  credentials.map(async (credential, a) => {
    for (let b = 0; performance.now() < deadline; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => ({
        id: `a${a}-b${b}-e${i}`,
        time: Date.now(),
        clientAddress: `10.0.${a}.${i % 250}`,
        group: "students",
        hostname: null,
        // The person behind each address (the laptop's address, or the user name RADIUS gave for it).
        mac: IDENTITY && i % 2 === 0 ? macOf((a * 250 + (i % 250)) % PEOPLE) : null,
        ...(IDENTITY && i % 2 === 1 ? { user: `Pupil${(a * 250 + (i % 250)) % PEOPLE}` } : {}),
        name: `n${i}.blocked.example`,
        qtype: 1,
        outcome: "blocked",
        categories: ["adult"],
        monitored: [],
        list: "bench",
        listVersion: "v1",
        rule: "blocked.example",
        locked: false,
        detail: null,
      }));
      const body = gzipSync(JSON.stringify({ schemaVersion: 3, events }));
      const t = performance.now();
      const response = await request(`http://127.0.0.1:${port}/api/agents/events`, {
        method: "POST",
        dispatcher,
        headers: {
          "content-type": "application/json",
          "content-encoding": "gzip",
          authorization: `Bearer ${credential}`,
        },
        body,
      });
      await response.body.text();
      latencies.push(performance.now() - t);
      if (response.statusCode !== 200) throw new Error(`hub answered ${response.statusCode}`);
      sent += BATCH;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(IDENTITY ? `identity: ${PEOPLE.toLocaleString()} people and devices, matched at ingest` : "identity: off");
const stored = stores.events.count("bench-site");
latencies.sort((x, y) => x - y);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
console.log(
  `${AGENTS} agents, batches of ${BATCH}, ${seconds.toFixed(1)} s: ${stored.toLocaleString()} events stored (${sent.toLocaleString()} sent)`,
);
const incidents = stores.incidents.totals();
console.log(
  `incidents: ${incidents.incidents.toLocaleString()} raised, holding ${incidents.events.toLocaleString()} events`,
);
// CPU time is steadier than wall time on a shared machine: it includes the clients, in this process too.
console.log(`CPU: ${((cpu.user + cpu.system) / stored).toFixed(1)} µs per event stored (hub and clients)`);
console.log(
  `ingest: ${Math.round(stored / seconds).toLocaleString()} events/s; request latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
);
server.close();
await dispatcher.close();
stores.close();
(cluster as PostgresCluster | null)?.stop();
rmSync(work, { recursive: true, force: true });
