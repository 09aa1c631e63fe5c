import { collectDefaultMetrics, Registry } from "prom-client";

let registry: Registry | null = null;

/**
 * The process's own figures, prom-client's defaults: resident memory, CPU time, open files, heap
 * by space, event-loop delay and garbage collection. They belong to the process, not to one
 * agent in it, so they are collected once however many agents the process runs (tests run many).
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
