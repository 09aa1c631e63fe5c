import type { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import type { WorkerCommand } from "../dns-worker.ts";
import { startDnsWorker, stopDnsWorker } from "../dns-worker-host.ts";
import type { ThreadFigures } from "../http/thread-figures.ts";
import type { EventSpool } from "../outbox/event-spool.ts";
import type { Part } from "./part-stack.ts";

type CacheSize = { entries: number; bytes: number };

export interface DnsWorkers extends Part {
  /** Sends a command (reload the lists, a new policy) to every worker. */
  tell(command: WorkerCommand): void;
  /** The caches of every worker together, as last reported. */
  cacheSize(): CacheSize;
}

/**
 * The `workers - 1` extra DNS threads, each with its own resolver core on the main one's ports.
 * Their figures are added to `figures` and their events to the spool. If one fails to start,
 * those that did are stopped.
 */
export async function startDnsWorkers(
  config: AgentConfig,
  figures: ThreadFigures,
  spool: EventSpool,
  log: Logger,
): Promise<DnsWorkers> {
  const caches: CacheSize[] = Array.from({ length: config.workers - 1 }, () => ({ entries: 0, bytes: 0 }));
  const starting = await Promise.allSettled(
    caches.map((_, i) =>
      startDnsWorker(config, figures, spool, log, (size) => {
        caches[i] = size;
      }),
    ),
  );
  const workers = starting.flatMap((s): Worker[] => (s.status === "fulfilled" ? [s.value] : []));
  const failed = starting.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(workers.map(stopDnsWorker));
    throw failed.reason;
  }
  return {
    tell(command) {
      for (const worker of workers) worker.postMessage(command);
    },
    cacheSize: () =>
      caches.reduce((sum, size) => ({ entries: sum.entries + size.entries, bytes: sum.bytes + size.bytes }), {
        entries: 0,
        bytes: 0,
      }),
    async stop() {
      await Promise.all(workers.map(stopDnsWorker));
    },
  };
}
