import { parentPort, workerData } from "node:worker_threads";
import type { SitePolicy } from "@fenceline/shared/policy";
import { pino } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { QueryTally } from "./http/query-tally.ts";
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
      counts: [string, string, string, number][];
      /** Flagged events, made into outbox rows here: the main thread only stores them. */
      rows: NewOutboxRow[];
      /** Events this worker could not hold between reports: counted, not lost silently. */
      dropped: number;
      malformed: ("drop" | "formerr" | "notimp")[];
      /** This worker's own cache: answers and the bytes it counts for them. */
      cache: { entries: number; bytes: number };
    };

const REPORT_EVERY_MS = 250;
/** A report goes as soon as this many events wait: smaller messages, events sooner in the outbox. */
const REPORT_EVENTS = 1_000;
/** Events held between two reports at most; past this (a report long overdue) they are counted as dropped. */
const MAX_EVENTS = 10_000;

const config = (workerData as { config: AgentConfig }).config;
const log = pino({ level: config.logLevel, base: { service: "fenceline-agent", worker: true } });
let tally = new QueryTally();
let events: OutcomeEvent[] = [];
let dropped = 0;
let malformed: ("drop" | "formerr" | "notimp")[] = [];

const core = await startResolverCore(
  config,
  log,
  {
    query(outcome, label, group) {
      tally.count(outcome, label, group);
    },
    event(event) {
      if (events.length >= MAX_EVENTS) dropped++;
      else events.push(event);
      if (events.length === REPORT_EVENTS) setImmediate(report);
    },
    upstream() {},
    malformed(kind) {
      malformed.push(kind);
    },
    truncated() {},
  },
  true,
);

/** Sends what happened since the last report, if anything did. */
function report(): void {
  const counts = [...tally.cells()].map((c): [string, string, string, number] => [
    c.outcome,
    c.label,
    c.group,
    c.count,
  ]);
  if (counts.length === 0 && events.length === 0 && malformed.length === 0 && dropped === 0) return;
  const message: WorkerReport = {
    type: "outcomes",
    counts,
    rows: rowsOf(events),
    dropped,
    malformed,
    cache: core.cacheSize(),
  };
  tally = new QueryTally();
  events = [];
  dropped = 0;
  malformed = [];
  parentPort?.postMessage(message);
}
setInterval(report, REPORT_EVERY_MS).unref();

function rowsOf(all: OutcomeEvent[]): NewOutboxRow[] {
  const rows: NewOutboxRow[] = [];
  for (let at = 0; at < all.length; at += FLUSH_BATCH) rows.push(outboxRow(all.slice(at, at + FLUSH_BATCH)));
  return rows;
}

parentPort?.on("message", async (message: { type: string; policy?: SitePolicy }) => {
  if (message.type === "reload") core.reloadLists();
  if (message.type === "policy" && message.policy) core.setPolicy(message.policy);
  if (message.type === "stop") {
    await core.stop();
    report();
    parentPort?.postMessage({ type: "stopped" } satisfies WorkerReport);
  }
});
parentPort?.postMessage({ type: "ready" } satisfies WorkerReport);
