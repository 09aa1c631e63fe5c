import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import type { WorkerReport } from "./dns-worker.ts";
import type { ThreadFigures } from "./http/thread-figures.ts";
import type { EventSpool } from "./outbox/event-spool.ts";

/**
 * A DNS worker thread: its own resolver core on the same ports; its figures are added to the main
 * thread's (the same ones the main thread records its own into), its events
 * (as outbox rows) go to the spool, and the size of its cache goes to `onCacheSize`.
 */
export function startDnsWorker(
  config: AgentConfig,
  figures: ThreadFigures,
  spool: EventSpool,
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
      if (report.figures) figures.add(report.figures);
      spool.takeRows(report.rows, report.dropped);
      onCacheSize(report.cache);
    });
    worker.once("error", (error) => {
      log.error({ err: error }, "DNS worker failed");
      reject(error);
    });
  });
}

/** How long a worker may take to close its sockets and report its last events. */
const STOP_WAIT_MS = 2000;

/** Stops a DNS worker once it has closed its sockets and sent its last events (or after 2 s). */
export async function stopDnsWorker(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STOP_WAIT_MS);
    worker.on("message", (report: WorkerReport) => {
      if (report.type !== "stopped") return;
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ type: "stop" });
  });
  await worker.terminate();
}
