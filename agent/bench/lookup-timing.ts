import { PerformanceObserver } from "node:perf_hooks";

export interface LookupFigures {
  lookupsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
  /** Garbage collections that ran during the throughput loop (0 = no allocation per lookup). */
  gcs: number;
  hits: number;
}

/** Looks up items `from` to `to` in a loop of its own, so each variant's call site stays monomorphic. */
export type LookupBatch = (from: number, to: number) => number;

/**
 * Times a lookup over `count` items: throughput of `batch`, best of `rounds` passes, then each
 * item on its own (`batch(i, i + 1)`, the same code, so nothing else is measured) for the
 * percentiles, less the cost of reading the clock.
 */
export async function timeLookups(count: number, rounds: number, batch: LookupBatch): Promise<LookupFigures> {
  batch(0, Math.min(count, 200_000)); // warm up the JIT
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  observer.observe({ entryTypes: ["gc"] });
  // The best of the passes: this machine is a VM whose neighbours come and go.
  let hits = 0;
  let seconds = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    hits = batch(0, count);
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  const samples = new Float64Array(Math.min(count, 500_000));
  const empty = new Float64Array(10_000);
  for (let i = 0; i < empty.length; i++) {
    const t = performance.now();
    empty[i] = performance.now() - t;
  }
  empty.sort();
  const clock = empty[empty.length >> 1] as number;
  for (let i = 0; i < samples.length; i++) {
    const t = performance.now();
    batch(i, i + 1);
    samples[i] = Math.max(0, performance.now() - t - clock);
  }
  samples.sort();
  const at = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number) * 1000;
  return {
    lookupsPerSecond: count / seconds,
    p50Micros: at(0.5),
    p99Micros: at(0.99),
    gcs,
    hits,
  };
}
