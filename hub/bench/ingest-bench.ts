/**
 * `pnpm bench:ingest`: events stored per second by the hub (SQLite file, WAL) from several
 * concurrent agents posting gzipped batches over HTTP on 127.0.0.1, and batch latency. Every
 * event is in a graded category, so the incident engine works on each one inside the ingest
 * transaction: these figures include raising and aggregating incidents. With identity (the default;
 * BENCH_IDENTITY=0 leaves it out) the site has 2,000 people with a device each, and events carry a
 * hardware address or a user name, which the hub matches to its own tables at ingest.
 * `--store postgres` runs the same on a throwaway PostgreSQL cluster on loopback.
 * `--processes N` (N > 1) runs N real hub processes (`fenceline-hub start`) on the one database,
 * the agents spread across them; with 1 (the default) the hub runs in this process.
 * BENCH_SITES (default 1) spreads the agents over that many sites, each with the same people, as
 * a trust's or an authority's schools are: on PostgreSQL, batches of different sites are stored at once.
 * BENCH_STATEMENTS=1 (PostgreSQL) prints where the database server's time went, statement by
 * statement (pg_stat_statements), after the figures.
 * BENCH_NAMES sets how many distinct names a batch holds: by default each event has a name of its
 * own, the worst case for the names rollup (a row updated an event); flagged look-ups repeat a few
 * names (apps retry what is blocked), so 100 in a batch of 1,000 is nearer a school's traffic.
 * BENCH_DURABLE=1 runs the PostgreSQL cluster flushing each commit to disk (fsync and full page
 * writes on), as a real server does; by default it skips that, as the tests' clusters do.
 * The agents' batches are made before the clock starts (BENCH_PREBUILT a agent): on a real network
 * agents run on the sites' gateways, so only the hub and its database are timed on these cores.
 * On PostgreSQL a batch's counts of names wait in a table of their own until the hub's sweep folds
 * them into the names rollup: the hubs sweep every BENCH_FOLD_SECONDS (5), so folds are timed too.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { type HubProcess, startHubProcessOn } from "../../test/support/hub-child.ts";
import { createHubApp } from "../src/hub-app.ts";
import { type HubStores, openHubStores, openPostgresStores } from "../src/store/open-stores.ts";
import { PgDatabase } from "../src/store/pg/pg-database.ts";
import { enrolOverApi } from "../src/testing/enrol-over-api.ts";
import { grantToken } from "../src/testing/grant-token.ts";
import { identityRows, identityRowsOn } from "../src/testing/identity-rows.ts";
import { type PostgresCluster, startPostgresCluster } from "../src/testing/postgres-cluster.ts";
import { macOf, quantile, sendBatches } from "./ingest-load.ts";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Batches per agent before the clock starts: 1 raises every incident (and its alert) untimed. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0);
/** Batches each agent makes before the clock (BENCH_PREBUILT): enough for 60,000 events/s by default. */
const PREBUILT = Number(process.env.BENCH_PREBUILT ?? Math.ceil((60_000 * SECONDS) / (BATCH * AGENTS)));
const ADMIN = "fl_bench-admin-token";
const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const POSTGRES = option("--store") === "postgres";
const PROCESSES = Number(option("--processes") ?? 1);
const IDENTITY = process.env.BENCH_IDENTITY !== "0";
/** BENCH_NAMES: distinct names a batch (default, the batch's size: each event a name of its own, the worst case). */
const NAMES = Number(process.env.BENCH_NAMES ?? BATCH);
const PEOPLE = 2000;
const SITES = Number(process.env.BENCH_SITES ?? 1);
const STATEMENTS = process.env.BENCH_STATEMENTS === "1";
/** Seconds between the hub's sweeps, which fold the names' pending counts into their rows (BENCH_FOLD_SECONDS). */
const FOLD_SECONDS = Number(process.env.BENCH_FOLD_SECONDS ?? 5);
const DURABLE = process.env.BENCH_DURABLE === "1";
const siteOf = (agent: number) => (SITES === 1 ? "bench-site" : `bench-site-${agent % SITES}`);

const work = mkdtempSync(join(tmpdir(), "fenceline-ingest-bench-"));
const file = join(work, "hub.sqlite");
const auditKeyFile = join(work, "audit-key");
const attachmentsFolder = join(work, "attachments");
let cluster: PostgresCluster | null = null;
let conninfo = "";
if (POSTGRES) {
  cluster = await startPostgresCluster({
    settings: [
      ...(STATEMENTS
        ? [
            "shared_preload_libraries=pg_stat_statements",
            "pg_stat_statements.track=all",
            "pg_stat_statements.track_planning=on",
          ]
        : []),
      // The throwaway cluster skips flushing to disk, as tests want; BENCH_DURABLE=1 flushes each commit, as a real server does.
      ...(DURABLE ? ["fsync=on", "full_page_writes=on"] : []),
    ],
  });
  conninfo = cluster.createDatabase("bench");
  if (STATEMENTS) {
    const db = new PgDatabase(conninfo);
    db.exec("CREATE EXTENSION pg_stat_statements");
    db.close();
  }
}
// As a running hub opens them (its WAL checkpointed on a thread of its own).
const openStores = (): HubStores =>
  POSTGRES
    ? openPostgresStores(conninfo, { auditKeyFile, attachmentsFolder })
    : openHubStores(file, { backgroundCheckpoints: (problem) => console.error(problem) });

let stores: HubStores;
try {
  stores = openStores();
} catch (error) {
  // Stores that cannot open (a schema step failing, say) leave no cluster behind.
  (cluster as PostgresCluster | null)?.stop();
  throw error;
}
let storesOpen = true;
const closeStores = () => {
  if (storesOpen) stores.close();
  storesOpen = false;
};
console.log(
  `store: ${POSTGRES ? `PostgreSQL (throwaway cluster on 127.0.0.1, ${DURABLE ? "fsync on" : "fsync off"})` : "SQLite (WAL)"}`,
);
const app = createHubApp({ stores, log: pino({ level: "silent" }) });
grantToken(stores, ADMIN, "ict-admin");
const sites = [...new Set(Array.from({ length: AGENTS }, (_, a) => siteOf(a)))];
const credentials: string[] = [];
for (const site of sites) {
  const agents = Array.from({ length: AGENTS }, (_, a) => a).filter((a) => siteOf(a) === site);
  const enrolled = await enrolOverApi(
    app,
    ADMIN,
    site,
    agents.map((a) => `agent-${a}`),
  );
  agents.forEach((a, n) => {
    credentials[a] = enrolled[n] as string;
  });
}
if (IDENTITY) {
  const rows = POSTGRES ? identityRowsOn(new PgDatabase(conninfo)) : identityRows(file);
  for (const site of sites)
    for (let n = 0; n < PEOPLE; n++) {
      const person = rows.person(site, { displayName: `Pupil ${n}`, username: `pupil${n}` });
      rows.device(site, { mac: macOf(n), ownerId: person });
    }
  rows.close();
}

const hubs = await startHubs();
try {
  // CPU counts from the end of the warm-up: its batches raise every incident, and are not counted as stored.
  let cpuBefore = 0;
  let serverBefore = 0;
  const result = await sendBatches({
    agents: credentials.map((credential, a) => ({ url: hubs.urls[a % hubs.urls.length] as string, credential })),
    ...{ batch: BATCH, seconds: SECONDS, identity: IDENTITY, people: PEOPLE, warmup: WARMUP, prebuilt: PREBUILT },
    names: NAMES,
    onClockStart: () => {
      cpuBefore = hubs.cpu();
      serverBefore = serverCpu();
    },
  });
  const cpuMs = hubs.cpu() - cpuBefore;
  const serverMs = serverCpu() - serverBefore;
  if (PROCESSES > 1) {
    stores = openStores();
    storesOpen = true;
  }
  const stored = sites.reduce((sum, site) => sum + stores.events.count(site), 0) - WARMUP * AGENTS * BATCH;
  const incidents = stores.incidents.totals();
  const { latencies, seconds, sent, retries, madeTimed } = result;

  console.log(
    `${sites.length} site(s); ${IDENTITY ? `identity: ${PEOPLE.toLocaleString()} people and devices a site, matched at ingest` : "identity: off"}`,
  );
  console.log(
    `hub processes: ${PROCESSES}; nproc ${availableParallelism()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `${AGENTS} agents, batches of ${BATCH}, ${seconds.toFixed(1)} s: ${stored.toLocaleString()} events stored (${sent.toLocaleString()} sent` +
      `${WARMUP > 0 ? `, after ${WARMUP} untimed batch(es) per agent` : ""}${retries > 0 ? `, ${retries} batches sent again` : ""})`,
  );
  console.log(`names: ${NAMES.toLocaleString()} distinct a batch${NAMES >= BATCH ? " (each event its own)" : ""}`);
  console.log(
    `agents' batches: ${PREBUILT} a agent made before the clock, ${madeTimed} made while it ran (on these cores too)`,
  );
  console.log(
    `incidents: ${incidents.incidents.toLocaleString()} raised, holding ${incidents.events.toLocaleString()} events`,
  );
  // CPU time is steadier than wall time on a shared machine (the database server's is not counted).
  console.log(`CPU: ${((cpuMs * 1000) / stored).toFixed(1)} µs per event stored (${hubs.cpuWhat})`);
  if (POSTGRES) console.log(`database server CPU: ${((serverMs * 1000) / stored).toFixed(1)} µs per event stored`);
  console.log(
    `ingest: ${Math.round(stored / seconds).toLocaleString()} events/s; batch latency p50 ${quantile(latencies, 0.5)} ms, p95 ${quantile(latencies, 0.95)} ms, p99 ${quantile(latencies, 0.99)} ms, max ${quantile(latencies, 1)} ms`,
  );
  if (POSTGRES)
    console.log(`names' counts: ${pendingNames()} rows pending at the end (folded every ${FOLD_SECONDS} s)`);
  if (STATEMENTS) printStatements(stored);
} finally {
  // Also when a batch failed: the hub processes and the cluster are this run's to stop.
  await hubs.stop();
  closeStores();
  (cluster as PostgresCluster | null)?.stop();
  rmSync(work, { recursive: true, force: true });
}

/** The hub(s) the agents post to: in this process, or `PROCESSES` child processes on the one database. */
async function startHubs(): Promise<{ urls: string[]; cpu: () => number; cpuWhat: string; stop: () => Promise<void> }> {
  if (PROCESSES <= 1) {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;
    // The names rollup's fold, which a hub process's sweep does (PostgreSQL; nothing to do on SQLite).
    const folds = setInterval(() => stores.rollups.foldPendingNames(), FOLD_SECONDS * 1000);
    return {
      urls: [`http://127.0.0.1:${port}`],
      cpu: () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      },
      cpuWhat: "hub and clients",
      stop: async () => {
        clearInterval(folds);
        server.close();
      },
    };
  }
  closeStores();
  // Sweeps (the names rollup's fold among them) every FOLD_SECONDS, so that folds fall in the timed window.
  const config = `alerts:\n  sweepSeconds: ${FOLD_SECONDS}\n${
    POSTGRES
      ? `store: postgres\nauditKeyFile: ${auditKeyFile}\npostgres:\n  url: "${conninfo}"\n  attachmentsFolder: ${attachmentsFolder}\n`
      : `database: ${file}\n`
  }`;
  const children: HubProcess[] = [];
  for (let p = 0; p < PROCESSES; p++) children.push(await startHubProcessOn(config));
  return {
    urls: children.map((child) => child.url),
    cpu: () => children.reduce((sum, child) => sum + cpuMsOf(child.pid), 0),
    cpuWhat: `the ${PROCESSES} hub processes`,
    stop: async () => {
      await Promise.all(children.map((child) => child.stop()));
    },
  };
}

/** The names rollup's counts stored and not folded yet. */
function pendingNames(): string {
  const db = new PgDatabase(conninfo);
  const rows = db.prepare("SELECT COUNT(*) FROM rollup_names_pending").pluck().get() as number;
  db.close();
  return rows.toLocaleString();
}

/** The statements the database server spent most time on (warm-up included), per event stored. */
function printStatements(stored: number): void {
  const db = new PgDatabase(conninfo);
  const rows = db
    .prepare(
      `SELECT calls, total_exec_time AS ms, total_plan_time AS "planMs",
         regexp_replace(left(query, 80), '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 16`,
    )
    .all() as { calls: number; ms: number; planMs: number; query: string }[];
  db.close();
  const perEvent = (ms: number) => ((Number(ms) * 1000) / stored).toFixed(1).padStart(6);
  console.log("database server time by statement (µs per event stored: running, planning; calls; statement):");
  for (const row of rows)
    console.log(`  ${perEvent(row.ms)} ${perEvent(row.planMs)} ${String(row.calls).padStart(6)}  ${row.query}`);
}

/**
 * The CPU time so far of the cluster's processes (its hub connections and background workers), ms:
 * with the hub's own, what an event costs the machine. Processes that ended meanwhile are not counted.
 */
function serverCpu(): number {
  if (!POSTGRES) return 0;
  const db = new PgDatabase(conninfo);
  const pids = db.prepare("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()").pluck().all() as number[];
  db.close();
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuMsOf(pid);
    } catch {
      return sum; // ended since
    }
  }, 0);
}

/** A process's CPU time so far (user and system), ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
