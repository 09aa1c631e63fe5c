import { parentPort, workerData } from "node:worker_threads";
import type { SitePolicy } from "@fenceline/shared/policy";
import { pino } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { startResolverCore } from "./resolver-core.ts";

/** What a DNS worker tells the main thread, every quarter of a second. */
export type WorkerReport =
  | { type: "ready" }
  | {
      type: "outcomes";
      counts: [string, string, string, number][];
      events: OutcomeEvent[];
      malformed: ("drop" | "formerr" | "notimp")[];
    };

const REPORT_EVERY_MS = 250;
/** Events held between reports; past this the oldest would be dropped by the main queue anyway. */
const MAX_EVENTS = 10_000;

const config = (workerData as { config: AgentConfig }).config;
const log = pino({ level: config.logLevel, base: { service: "fenceline-agent", worker: true } });
const counts = new Map<string, [string, string, string, number]>();
let events: OutcomeEvent[] = [];
let malformed: ("drop" | "formerr" | "notimp")[] = [];

const core = await startResolverCore(
  config,
  log,
  {
    query(outcome, label, group) {
      const key = `${outcome}\u0000${label}\u0000${group}`;
      const entry = counts.get(key);
      if (entry) entry[3]++;
      else counts.set(key, [outcome, label, group, 1]);
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
  if (counts.size === 0 && events.length === 0 && malformed.length === 0) return;
  const report: WorkerReport = { type: "outcomes", counts: [...counts.values()], events, malformed };
  counts.clear();
  events = [];
  malformed = [];
  parentPort?.postMessage(report);
}, REPORT_EVERY_MS).unref();

parentPort?.on("message", (message: { type: string; policy?: SitePolicy }) => {
  if (message.type === "reload") core.reloadLists();
  if (message.type === "policy" && message.policy) core.setPolicy(message.policy);
});
parentPort?.postMessage({ type: "ready" } satisfies WorkerReport);
