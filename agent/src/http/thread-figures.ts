import { addInto, emptyCell, type HistogramCell, observeInto } from "./histogram-cell.ts";
import { entryOf } from "./map-entry.ts";
import { QueryTally } from "./query-tally.ts";

export type MalformedKind = "drop" | "formerr" | "notimp";
export type UpstreamResult = "ok" | "timeout" | "error";

/** Upper bounds of the upstream-latency histogram's buckets, in seconds. */
export const UPSTREAM_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5] as const;

const newResultMap = () => new Map<UpstreamResult, HistogramCell>();
const newUpstreamCell = () => emptyCell(UPSTREAM_BUCKETS);

/** One thread's figures since its last report, as plain data that crosses from a DNS worker. */
export interface FiguresReport {
  counts: [outcome: string, label: string, group: string, n: number][];
  durations: [outcome: string, cell: HistogramCell][];
  upstreams: [url: string, result: UpstreamResult, cell: HistogramCell][];
  malformed: Record<MalformedKind, number>;
  truncated: number;
}

/**
 * What a DNS thread counts and times (answers per outcome, upstream exchanges, malformed packets,
 * truncated answers), in plain numbers: a map lookup per figure, no label hashing on the DNS path.
 * Every thread records the same way. The main thread's figures are the ones the metrics read; a
 * worker `take`s its own four times a second and the main thread `add`s them in, so /metrics,
 * /health and heartbeats count each query once, whichever thread answered it.
 */
export class ThreadFigures {
  readonly queries = new QueryTally();
  /** Upstream exchange times per upstream URL and result. */
  readonly upstreams = new Map<string, Map<UpstreamResult, HistogramCell>>();
  readonly malformedPackets: Record<MalformedKind, number> = { drop: 0, formerr: 0, notimp: 0 };
  truncatedAnswers = 0;

  query(outcome: string, label: string, group: string, seconds: number): void {
    this.queries.count(outcome, label, group);
    this.queries.time(outcome, seconds);
  }

  upstream(url: string, seconds: number, result: UpstreamResult): void {
    observeInto(this.upstreamCell(url, result), UPSTREAM_BUCKETS, seconds);
  }

  malformed(kind: MalformedKind): void {
    this.malformedPackets[kind]++;
  }

  truncated(): void {
    this.truncatedAnswers++;
  }

  /** Everything recorded since the last take (null if nothing was); the figures start again from zero. */
  take(): FiguresReport | null {
    const report: FiguresReport = {
      counts: [...this.queries.cells()].map((c) => [c.outcome, c.label, c.group, c.count]),
      durations: [...this.queries.durationsByOutcome()],
      upstreams: [...this.upstreams].flatMap(([url, byResult]) =>
        [...byResult].map(([result, cell]): [string, UpstreamResult, HistogramCell] => [url, result, cell]),
      ),
      malformed: { ...this.malformedPackets },
      truncated: this.truncatedAnswers,
    };
    const { drop, formerr, notimp } = report.malformed;
    const empty = report.counts.length + report.upstreams.length + drop + formerr + notimp + report.truncated === 0;
    this.queries.clear();
    this.upstreams.clear();
    this.malformedPackets.drop = this.malformedPackets.formerr = this.malformedPackets.notimp = 0;
    this.truncatedAnswers = 0;
    return empty ? null : report;
  }

  /** Adds another thread's report to these figures. */
  add(report: FiguresReport): void {
    for (const [outcome, label, group, n] of report.counts) this.queries.count(outcome, label, group, n);
    for (const [outcome, cell] of report.durations) this.queries.addDurations(outcome, cell);
    for (const [url, result, cell] of report.upstreams) addInto(this.upstreamCell(url, result), cell);
    for (const kind of ["drop", "formerr", "notimp"] as const) this.malformedPackets[kind] += report.malformed[kind];
    this.truncatedAnswers += report.truncated;
  }

  private upstreamCell(url: string, result: UpstreamResult): HistogramCell {
    return entryOf(entryOf(this.upstreams, url, newResultMap), result, newUpstreamCell);
  }
}
