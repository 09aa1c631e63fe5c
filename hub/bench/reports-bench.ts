/**
 * `pnpm bench:reports`: how long each report takes over a large site: 10 million stored events
 * over a year, 5,000 incidents with their records, a heartbeat a minute, 50 policy changes.
 * The dataset is built once with SQL into bench-results/ (a few minutes) and reused after.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { REPORT_KINDS } from "../src/domain/report-document.ts";
import type { Actor } from "../src/domain/roles.ts";
import { createHub } from "../src/hub-app.ts";
import { renderHtml } from "../src/reports/render-html.ts";
import { seedReportDataset } from "../src/store/bench-seed.ts";
import { openHubStores } from "../src/store/open-stores.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const INCIDENTS = 5000;
const END = Date.parse("2026-11-23T00:00:00Z");
const START = END - 365 * 86_400_000;
const dir = join(import.meta.dirname, "..", "..", "bench-results");
const file = join(dir, `reports-${EVENTS}.sqlite`);
mkdirSync(dir, { recursive: true });

if (!existsSync(file)) {
  console.log(
    `building the dataset: ${EVENTS.toLocaleString()} events, ${INCIDENTS} incidents, a heartbeat a minute for a year`,
  );
  seedReportDataset(file, { events: EVENTS, incidents: INCIDENTS, start: START, end: END });
}
const stores = openHubStores(file);
const { actions } = createHub({ stores, log: pino({ level: "silent" }), now: () => new Date(END) });
const dsl: Actor = { userId: "bench", email: "dsl@bench.test", role: "dsl", sites: null };
const periods: Record<string, { from: string; to: string } | undefined> = {
  "incident-log": { from: new Date(START).toISOString(), to: new Date(END).toISOString() },
  "policy-change-log": { from: new Date(START).toISOString(), to: new Date(END).toISOString() },
  "annual-review": { from: new Date(START).toISOString(), to: new Date(END).toISOString() },
};
console.log(
  `${EVENTS.toLocaleString()} events, ${INCIDENTS.toLocaleString()} incidents; target: each report in 3 s or less`,
);
let worst = 0;
for (const kind of REPORT_KINDS) {
  const started = performance.now();
  const report = actions.reports.generate(dsl, { kind, ...(periods[kind] ?? {}) });
  const built = performance.now() - started;
  const html = await renderHtml(report.body);
  const total = performance.now() - started;
  worst = Math.max(worst, total);
  console.log(
    `${kind.padEnd(18)} built ${built.toFixed(0).padStart(5)} ms, with HTML ${total.toFixed(0).padStart(5)} ms (${(html.length / 1024).toFixed(0)} KiB) — ${report.body.period.label}`,
  );
}
console.log(`slowest: ${(worst / 1000).toFixed(2)} s — target ${worst <= 3000 ? "met" : "NOT met"}`);
stores.close();
