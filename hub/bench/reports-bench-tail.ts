import { cpus, loadavg } from "node:os";
import type { HubStores } from "../src/store/open-stores.ts";

/** Incident context kept around evidence by retention (the hub's default). */
const CONTEXT_MINUTES = 30;

/** The machine's cores and load: figures measured on a shared machine say what they ran beside. */
export function printMachine(label: string): void {
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
  console.log(`${label} — nproc ${cpus().length}, load average ${load}`);
}

/**
 * Times retention of the oldest month's events (on PostgreSQL, dropping its partition), then rolls
 * it back so that the dataset stays as built for the next run.
 */
export function timeRetention(stores: HubStores, start: number): void {
  const first = new Date(start);
  const before = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1)).toISOString();
  let elapsed = 0;
  let purged = 0;
  try {
    stores.transaction(() => {
      const started = performance.now();
      purged = stores.retention.purgeEvents(before, CONTEXT_MINUTES);
      elapsed = performance.now() - started;
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  console.log(
    `retention of events before ${before}: ${purged.toLocaleString()} events gone in ${elapsed.toFixed(0)} ms (rolled back) — target 1 s ${elapsed <= 1000 ? "met" : "NOT met"}`,
  );
}

class RolledBack extends Error {}

/** The stores, each method timed: where a report's time goes, by store and method. */
export function timedStores(stores: HubStores): { stores: HubStores; take(): [string, number][] } {
  const spent = new Map<string, number>();
  const timed = (name: string, store: object) =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const started = performance.now();
          try {
            return value.apply(target, args);
          } finally {
            const label = `${name}.${String(key)}`;
            spent.set(label, (spent.get(label) ?? 0) + performance.now() - started);
          }
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(stores).map(([name, store]) => [name, typeof store === "object" ? timed(name, store) : store]),
  ) as unknown as HubStores;
  return {
    stores: wrapped,
    take: () => {
      const slowest = [...spent.entries()].sort((a, b) => b[1] - a[1]);
      spent.clear();
      return slowest;
    },
  };
}
