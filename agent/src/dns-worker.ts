import { parentPort, workerData } from "node:worker_threads";
import type { SitePolicy } from "@fenceline/shared/policy";
import { pino } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { QueryTally } from "./http/query-tally.ts";
import { startResolverCore } from "./resolver-core.ts";

/** What a DNS worker tells the main thread, every quarter of a second. */
export type WorkerReport =
  | { type: "ready" }
  | {
      type: "outcomes";
      counts: [string, string, string, number][];
      events: OutcomeEvent[];
      malformed: ("drop" | "formerr" | "notimp")[];
      /** This worker's own cache: answers and the bytes it counts for them. */
      cache: { entries: number; bytes: number };
    };

const REPORT_EVERY_MS = 250;
/** Events held between reports; past this the oldest would be dropped by the main queue anyway. */
const MAX_EVENTS = 10_000;

const config = (workerData as { config: AgentConfig }).config;
const log = pino({ level: config.logLevel, base: { service: "fenceline-agent", worker: true } });
let tally = new QueryTally();
let events: OutcomeEvent[] = [];
let malformed: ("drop" | "formerr" | "notimp")[] = [];

const core = await startResolverCore(
  config,
  log,
  {
    query(outcome, label, group) {
      tally.count(outcome, label, group);
    },
    event(event) {
      if (events.length < MAX_EVENTS) events.push(event);
    },
    upstream() {},
    malformed(kind) {
      malformed.push(kind);
    },
    truncated() {},
  },
  true,
);

setInterval(() => {
  const counts = [...tally.cells()].map((c): [string, string, string, number] => [
    c.outcome,
    c.label,
    c.group,
    c.count,
  ]);
  if (counts.length === 0 && events.length === 0 && malformed.length === 0) return;
  const report: WorkerReport = {
    type: "outcomes",
    counts,
    events,
    malformed,
    cache: core.cacheSize(),
  };
  tally = new QueryTally();
  events = [];
  malformed = [];
  parentPort?.postMessage(report);
}, REPORT_EVERY_MS).unref();

parentPort?.on("message", (message: { type: string; policy?: SitePolicy }) => {
  if (message.type === "reload") core.reloadLists();
  if (message.type === "policy" && message.policy) core.setPolicy(message.policy);
});
parentPort?.postMessage({ type: "ready" } satisfies WorkerReport);
