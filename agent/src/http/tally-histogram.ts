import { Histogram, type Registry } from "prom-client";
import type { HistogramCell } from "./histogram-cell.ts";

type HistogramData = Awaited<ReturnType<Histogram["get"]>>;

export interface TallyHistogramOptions {
  name: string;
  help: string;
  labelNames: string[];
  buckets: readonly number[];
  registry: Registry;
  /** The series to expose, read from the thread figures at each scrape. */
  series: () => Iterable<[labels: Record<string, string>, cell: HistogramCell]>;
}

/**
 * A Prometheus histogram read from plain bucket counts when scraped: prom-client's own observe()
 * hashes a label object on every call, which the DNS path cannot afford, and cannot take the
 * bucket counts a DNS worker reports.
 */
export class TallyHistogram extends Histogram {
  private readonly options: TallyHistogramOptions;

  constructor(options: TallyHistogramOptions) {
    super({
      name: options.name,
      help: options.help,
      labelNames: options.labelNames,
      buckets: [...options.buckets],
      registers: [options.registry],
    });
    this.options = options;
  }

  /** What the registry reads for the text exposition (prom-client calls it when a metric has it). */
  async getForPromString(): Promise<HistogramData> {
    return this.read();
  }

  override async get(): Promise<HistogramData> {
    return this.read();
  }

  private read(): HistogramData {
    const { name, help, buckets } = this.options;
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [labels, cell] of this.options.series()) {
      let cumulative = 0;
      buckets.forEach((bound, i) => {
        cumulative += cell.buckets[i] as number;
        values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { ...labels, le: "+Inf" }, value: cell.count, metricName: `${name}_bucket` });
      values.push({ labels, value: cell.sum, metricName: `${name}_sum` });
      values.push({ labels, value: cell.count, metricName: `${name}_count` });
    }
    return { name, help, type: "histogram", values, aggregator: "sum" } as unknown as HistogramData;
  }
}
