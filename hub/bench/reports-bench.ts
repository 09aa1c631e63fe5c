/**
 * `pnpm bench:reports [-- --store postgres]`: how long each report takes over a large estate, for
 * the DSL of every site and for one site, and how long retention takes to drop the oldest month.
 *
 * The dataset (`hub/src/store/bench-dataset.ts`): BENCH_EVENTS stored events over a year (default
 * 10 million on SQLite, 100 million on PostgreSQL) spread over BENCH_SITES sites (default 2,000)
 * with one agent each; 25 incidents a site with their records; 5 policy changes a site; a heartbeat
 * from every agent each 2 minutes over the last week. With BENCH_SITES=1 it is the one large site of
 * before: 5,000 incidents, 50 policy changes, a heartbeat a minute all year.
 * It is built once with SQL into bench-results/ (a SQLite file, or a PostgreSQL cluster folder)
 * and reused by later runs with the same sizes; delete it to build it again. BENCH_REPORTS (kinds,
 * comma-separated) times only those reports.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { REPORT_KINDS } from "../src/domain/report-document.ts";
import type { Actor } from "../src/domain/roles.ts";
import { createHub } from "../src/hub-app.ts";
import { renderHtml } from "../src/reports/render-html.ts";
import type { ReportDatasetSize } from "../src/store/bench-dataset.ts";
import { openPostgresBench, openSqliteBench } from "./reports-bench-store.ts";
import { printMachine, timedStores, timeRetention } from "./reports-bench-tail.ts";

const TARGET_MS = 5000;
const store = process.argv.includes("postgres") ? "postgres" : "sqlite";
const EVENTS = Number(process.env.BENCH_EVENTS ?? (store === "postgres" ? 100_000_000 : 10_000_000));
const SITES = Number(process.env.BENCH_SITES ?? 2000);
const END = Date.parse("2026-11-23T00:00:00Z");
const START = END - 365 * 86_400_000;
const oneSite = SITES === 1;
const size: ReportDatasetSize = {
  events: EVENTS,
  sites: SITES,
  incidents: oneSite ? 5000 : 25 * SITES,
  names: oneSite ? 50_000 : 20,
  policyChanges: oneSite ? 50 : 5 * SITES,
  heartbeatMinutes: oneSite ? 1 : 2,
  heartbeatDays: oneSite ? undefined : 7,
  start: START,
  end: END,
};
const dir = join(import.meta.dirname, "..", "..", "bench-results");
mkdirSync(dir, { recursive: true });

printMachine(`${store}: ${EVENTS.toLocaleString()} events, ${SITES.toLocaleString()} sites`);
const bench = store === "postgres" ? await openPostgresBench(dir, size) : await openSqliteBench(dir, size);
console.log("largest tables (with indexes):");
for (const { table, bytes, rows } of bench.sizes())
  console.log(
    `  ${table.padEnd(20)} ${(bytes / 2 ** 30).toFixed(2).padStart(7)} GiB${rows ? `  ~${Math.round(rows).toLocaleString()} rows` : ""}`,
  );

const timing = timedStores(bench.stores);
const { actions } = createHub({ stores: timing.stores, log: pino({ level: "silent" }), now: () => new Date(END) });
const year = { from: new Date(START).toISOString(), to: new Date(END).toISOString() };
const periods: Record<string, { from: string; to: string } | undefined> = {
  "incident-log": year,
  "policy-change-log": year,
  "annual-review": year,
};
const readers: { label: string; actor: Actor }[] = [
  { label: "DSL of every site", actor: { userId: "bench", email: "dsl@bench.test", role: "dsl", sites: null } },
  { label: "DSL of one site", actor: { userId: "bench", email: "dsl@bench.test", role: "dsl", sites: ["bench"] } },
];
const kinds = REPORT_KINDS.filter((kind) => process.env.BENCH_REPORTS?.split(",").includes(kind) ?? true);
let worst = 0;
for (const { label, actor } of readers) {
  console.log(`${label}:`);
  for (const kind of kinds) {
    timing.take();
    const started = performance.now();
    const report = actions.reports.generate(actor, { kind, ...(periods[kind] ?? {}) });
    const built = performance.now() - started;
    const html = await renderHtml(report.body);
    const total = performance.now() - started;
    worst = Math.max(worst, total);
    console.log(
      `  ${kind.padEnd(18)} built ${built.toFixed(0).padStart(6)} ms, with HTML ${total.toFixed(0).padStart(6)} ms (${(html.length / 1024).toFixed(0)} KiB) — ${report.body.period.label}`,
    );
    // Where a slow report's time went: its slowest store calls.
    if (total > TARGET_MS / 5)
      console.log(
        `    ${timing
          .take()
          .slice(0, 3)
          .map(([call, ms]) => `${call} ${ms.toFixed(0)} ms`)
          .join(", ")}`,
      );
  }
}
console.log(`slowest report: ${(worst / 1000).toFixed(2)} s — target ${worst <= TARGET_MS ? "met" : "NOT met"}`);
timeRetention(bench.stores, START);
printMachine("after");
bench.close();
