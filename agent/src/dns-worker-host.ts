import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { WorkerReport } from "./dns-worker.ts";
import type { BoundedQueue } from "./events/bounded-queue.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import type { createAgentMetrics } from "./http/agent-metrics.ts";

/**
 * A DNS worker thread: its own resolver core on the same ports; its counts and events come here,
 * and the size of its cache goes to `onCacheSize`.
 */
export function startDnsWorker(
  config: AgentConfig,
  metrics: ReturnType<typeof createAgentMetrics>,
  events: BoundedQueue<OutcomeEvent>,
  log: Logger,
  onCacheSize: (size: { entries: number; bytes: number }) => void,
): Promise<Worker> {
  const file = import.meta.url.endsWith(".ts")
    ? new URL("./dns-worker.ts", import.meta.url)
    : new URL("./fenceline-agent-worker.mjs", import.meta.url);
  const worker = new Worker(file, { workerData: { config } });
  return new Promise((resolve, reject) => {
    worker.on("message", (report: WorkerReport) => {
      if (report.type === "ready") resolve(worker);
      if (report.type !== "outcomes") return;
      for (const [outcome, label, group, count] of report.counts) metrics.tally.count(outcome, label, group, count);
      for (const event of report.events) events.push(event);
      for (const kind of report.malformed) metrics.malformed.inc({ kind });
      onCacheSize(report.cache);
    });
    worker.once("error", (error) => {
      log.error({ err: error }, "DNS worker failed");
      reject(error);
    });
  });
}
