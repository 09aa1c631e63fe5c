import { Counter, Gauge, Registry } from "prom-client";
import { DURATION_BUCKETS } from "./query-tally.ts";
import { TallyHistogram } from "./tally-histogram.ts";
import { ThreadFigures, UPSTREAM_BUCKETS } from "./thread-figures.ts";

/**
 * The agent's Prometheus metrics; labels are low-cardinality (never a queried name or client).
 * The DNS figures are read off `figures` (this thread's, with the DNS workers' added in) when scraped.
 */
export function createAgentMetrics() {
  const registry = new Registry();
  const figures = new ThreadFigures();
  return {
    registry,
    /** Where the DNS path counts and times what it does, on every thread; the metrics below read it. */
    figures,
    queries: new Counter({
      name: "fenceline_queries_total",
      help: "Queries answered, by outcome, category label and group",
      labelNames: ["outcome", "label", "group"],
      registers: [registry],
      collect() {
        this.reset();
        for (const { outcome, label, group, count } of figures.queries.cells())
          this.inc({ outcome, label, group }, count);
      },
    }),
    malformed: new Counter({
      name: "fenceline_malformed_packets_total",
      help: "Packets that were not valid queries",
      labelNames: ["kind"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [kind, count] of Object.entries(figures.malformedPackets)) if (count > 0) this.inc({ kind }, count);
      },
    }),
    truncated: new Counter({
      name: "fenceline_truncated_answers_total",
      help: "UDP answers cut to TC for the client's size",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(figures.truncatedAnswers);
      },
    }),
    latency: new TallyHistogram({
      name: "fenceline_query_duration_seconds",
      help: "Time from packet to answer",
      labelNames: ["outcome"],
      buckets: DURATION_BUCKETS,
      registry,
      *series() {
        for (const [outcome, cell] of figures.queries.durationsByOutcome()) yield [{ outcome }, cell];
      },
    }),
    upstreamLatency: new TallyHistogram({
      name: "fenceline_upstream_duration_seconds",
      help: "Upstream exchange time",
      labelNames: ["upstream", "result"],
      buckets: UPSTREAM_BUCKETS,
      registry,
      *series() {
        for (const [upstream, byResult] of figures.upstreams)
          for (const [result, cell] of byResult) yield [{ upstream, result }, cell];
      },
    }),
    cacheEntries: new Gauge({
      name: "fenceline_cache_entries",
      help: "Answers in the caches of all DNS threads",
      registers: [registry],
    }),
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
    radiusRequests: new Counter({
      name: "fenceline_radius_requests_total",
      help: "RADIUS accounting requests taken and answered, by status (start, interim, stop, restart, other; no-address: nothing to map)",
      labelNames: ["status"],
      registers: [registry],
    }),
    radiusDropped: new Counter({
      name: "fenceline_radius_dropped_total",
      help: "RADIUS accounting packets dropped unanswered, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    identityAddresses: new Gauge({
      name: "fenceline_identity_addresses",
      help: "Addresses the network's identity sources (RADIUS accounting) map to a user",
      registers: [registry],
    }),
    identityEvicted: new Gauge({
      name: "fenceline_identity_evicted_total",
      help: "Addresses dropped from the identity map to keep it within its bound",
      registers: [registry],
    }),
    listAge: new Gauge({
      name: "fenceline_list_age_seconds",
      help: "Age of the list snapshot in force",
      registers: [registry],
    }),
    dohRefused: new Counter({
      name: "fenceline_doh_refused_total",
      help: "DNS-over-HTTPS requests refused, by reason (token: a device token unknown or revoked)",
      labelNames: ["reason"],
      registers: [registry],
    }),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
