import { parentPort, workerData } from "node:worker_threads";
import type { SitePolicy } from "@fenceline/shared/policy";
import { pino } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { type FiguresReport, ThreadFigures } from "./http/thread-figures.ts";
import { type IdentityChange, IdentityMap } from "./identity/identity-map.ts";
import { FLUSH_BATCH } from "./outbox/event-spool.ts";
import { type NewOutboxRow, outboxRow } from "./outbox/outbox-row.ts";
import { startResolverCore } from "./resolver-core.ts";

/** What a DNS worker tells the main thread, every quarter of a second or every 1,000 events. */
export type WorkerReport =
  | { type: "ready" }
  /** Its sockets closed and its last events reported: it can be terminated. */
  | { type: "stopped" }
  | {
      type: "outcomes";
      /** Its answers, durations, upstream times, malformed and truncated packets since the last report. */
      figures: FiguresReport | null;
      /** Flagged events, made into outbox rows here: the main thread only stores them. */
      rows: NewOutboxRow[];
      /** Events this worker could not hold between reports: counted, not lost silently. */
      dropped: number;
      /** This worker's own cache: answers and the bytes it counts for them. */
      cache: { entries: number; bytes: number };
    };

/** What the main thread tells a DNS worker. */
export type WorkerCommand =
  | { type: "reload" }
  | { type: "policy"; policy: SitePolicy }
  /** Changes to the main thread's address → user map, for this thread's copy. */
  | { type: "identity"; changes: IdentityChange[] }
  | { type: "stop" };

const REPORT_EVERY_MS = 250;
/** A report goes as soon as this many events wait: smaller messages, events sooner in the outbox. */
const REPORT_EVENTS = 1_000;
/** Events held between two reports at most; past this (a report long overdue) they are counted as dropped. */
const MAX_EVENTS = 10_000;

const config = (workerData as { config: AgentConfig }).config;
const log = pino({ level: config.logLevel, base: { service: "fenceline-agent", worker: true } });
/** This thread's copy of the site policy in force, as the main thread last sent it. */
let sitePolicy = config.policy;
const figures = new ThreadFigures();
let events: OutcomeEvent[] = [];
let dropped = 0;
/** This thread's copy of the identity map; the main thread keeps it within the bound. */
const identities = new IdentityMap(Number.MAX_SAFE_INTEGER);

const core = await startResolverCore(
  config,
  log,
  {
    figures,
    event(event) {
      if (events.length >= MAX_EVENTS) dropped++;
      else events.push(event);
      if (events.length === REPORT_EVENTS) setImmediate(report);
    },
  },
  true,
  identities,
);

/** Sends what happened since the last report, if anything did. */
function report(): void {
  const taken = figures.take();
  if (!taken && events.length === 0 && dropped === 0) return;
  const message: WorkerReport = {
    type: "outcomes",
    figures: taken,
    rows: rowsOf(events),
    dropped,
    cache: core.cacheSize(),
  };
  events = [];
  dropped = 0;
  parentPort?.postMessage(message);
}
setInterval(report, REPORT_EVERY_MS).unref();

function rowsOf(all: OutcomeEvent[]): NewOutboxRow[] {
  const rows: NewOutboxRow[] = [];
  for (let at = 0; at < all.length; at += FLUSH_BATCH) rows.push(outboxRow(all.slice(at, at + FLUSH_BATCH)));
  return rows;
}

parentPort?.on("message", async (message: WorkerCommand) => {
  if (message.type === "identity") for (const change of message.changes) identities.apply(change);
  if (message.type === "reload") core.reloadLists(sitePolicy);
  if (message.type === "policy" && core.setPolicy(message.policy).ok) sitePolicy = message.policy;
  if (message.type === "stop") {
    await core.stop();
    report();
    parentPort?.postMessage({ type: "stopped" } satisfies WorkerReport);
  }
});
parentPort?.postMessage({ type: "ready" } satisfies WorkerReport);
