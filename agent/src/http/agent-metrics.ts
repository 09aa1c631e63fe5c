import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The agent's Prometheus metrics; labels are low-cardinality (never a queried name or client). */
export function createAgentMetrics() {
  const registry = new Registry();
  return {
    registry,
    queries: new Counter({
      name: "fenceline_queries_total",
      help: "Queries answered, by outcome, category label and group",
      labelNames: ["outcome", "label", "group"],
      registers: [registry],
    }),
    malformed: new Counter({
      name: "fenceline_malformed_packets_total",
      help: "Packets that were not valid queries",
      labelNames: ["kind"],
      registers: [registry],
    }),
    truncated: new Counter({
      name: "fenceline_truncated_answers_total",
      help: "UDP answers cut to TC for the client's size",
      registers: [registry],
    }),
    latency: new Histogram({
      name: "fenceline_query_duration_seconds",
      help: "Time from packet to answer",
      labelNames: ["outcome"],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2],
      registers: [registry],
    }),
    upstreamLatency: new Histogram({
      name: "fenceline_upstream_duration_seconds",
      help: "Upstream exchange time",
      labelNames: ["upstream", "result"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    cacheEntries: new Gauge({ name: "fenceline_cache_entries", help: "Answers in the cache", registers: [registry] }),
    eventsDropped: new Gauge({
      name: "fenceline_events_dropped_total",
      help: "Flagged events dropped because the queue was full",
      registers: [registry],
    }),
    listVersion: new Gauge({
      name: "fenceline_list_info",
      help: "The list snapshot in force (value 1)",
      labelNames: ["version"],
      registers: [registry],
    }),
    listAge: new Gauge({
      name: "fenceline_list_age_seconds",
      help: "Age of the list snapshot in force",
      registers: [registry],
    }),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;

/**
 * Counts a finished query. Label children are kept by key, so the hot path does one Map lookup
 * instead of prom-client hashing a label object on every query.
 */
export function queryRecorder(
  metrics: AgentMetrics,
): (outcome: string, label: string, group: string, seconds: number) => void {
  const counters = new Map<string, { inc(): void }>();
  const histograms = new Map<string, { observe(value: number): void }>();
  return (outcome, label, group, seconds) => {
    const key = `${outcome}\u0000${label}\u0000${group}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = metrics.queries.labels(outcome, label, group);
      counters.set(key, counter);
    }
    counter.inc();
    let histogram = histograms.get(outcome);
    if (!histogram) {
      histogram = metrics.latency.labels(outcome);
      histograms.set(outcome, histogram);
    }
    histogram.observe(seconds);
  };
}
