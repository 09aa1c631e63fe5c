import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { DURATION_BUCKETS, QueryTally } from "./query-tally.ts";

/** The agent's Prometheus metrics; labels are low-cardinality (never a queried name or client). */
export function createAgentMetrics() {
  const registry = new Registry();
  const tally = new QueryTally();
  return {
    registry,
    /** Where the DNS path counts and times its answers; `queries` and `latency` read it when scraped. */
    tally,
    queries: new Counter({
      name: "fenceline_queries_total",
      help: "Queries answered, by outcome, category label and group",
      labelNames: ["outcome", "label", "group"],
      registers: [registry],
      collect() {
        this.reset();
        for (const { outcome, label, group, count } of tally.cells()) this.inc({ outcome, label, group }, count);
      },
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
    latency: new TallyHistogram(tally, registry),
    upstreamLatency: new Histogram({
      name: "fenceline_upstream_duration_seconds",
      help: "Upstream exchange time",
      labelNames: ["upstream", "result"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
      registers: [registry],
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
    listAge: new Gauge({
      name: "fenceline_list_age_seconds",
      help: "Age of the list snapshot in force",
      registers: [registry],
    }),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;

type HistogramData = Awaited<ReturnType<Histogram["get"]>>;

/**
 * fenceline_query_duration_seconds, read from the tally's buckets when scraped: prom-client's own
 * observe() hashes a label object on every call, which the DNS path cannot afford.
 */
const DURATION_NAME = "fenceline_query_duration_seconds";
const DURATION_HELP = "Time from packet to answer";

class TallyHistogram extends Histogram<"outcome"> {
  private readonly tally: QueryTally;

  constructor(tally: QueryTally, registry: Registry) {
    super({
      name: DURATION_NAME,
      help: DURATION_HELP,
      labelNames: ["outcome"],
      buckets: [...DURATION_BUCKETS],
      registers: [registry],
    });
    this.tally = tally;
  }

  /** What the registry reads for the text exposition (prom-client calls it when a metric has it). */
  async getForPromString(): Promise<HistogramData> {
    return this.read();
  }

  override async get(): Promise<HistogramData> {
    return this.read();
  }

  private read(): HistogramData {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [outcome, cell] of this.tally.durationsByOutcome()) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, i) => {
        cumulative += cell.buckets[i] as number;
        values.push({ labels: { outcome, le: bound }, value: cumulative, metricName: `${DURATION_NAME}_bucket` });
      });
      values.push({ labels: { outcome, le: "+Inf" }, value: cell.count, metricName: `${DURATION_NAME}_bucket` });
      values.push({ labels: { outcome }, value: cell.sum, metricName: `${DURATION_NAME}_sum` });
      values.push({ labels: { outcome }, value: cell.count, metricName: `${DURATION_NAME}_count` });
    }
    return {
      name: DURATION_NAME,
      help: DURATION_HELP,
      type: "histogram",
      values,
      aggregator: "sum",
    } as unknown as HistogramData;
  }
}
