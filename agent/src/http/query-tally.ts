import { addInto, emptyCell, type HistogramCell, observeInto } from "./histogram-cell.ts";
import { entryOf } from "./map-entry.ts";

/** Upper bounds of the query-duration histogram's buckets, in seconds. */
export const DURATION_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2] as const;

const newGroupMap = () => new Map<string, Map<string, QueryCell>>();
const newLabelMap = () => new Map<string, QueryCell>();
const newDurationCell = () => emptyCell(DURATION_BUCKETS);

/** Answers counted for one outcome, category label and group. */
export interface QueryCell {
  outcome: string;
  label: string;
  group: string;
  count: number;
}

/** Durations of the answers of one outcome. */
export type DurationCell = HistogramCell;

/**
 * Per-query counts and durations in plain numbers, for the DNS path: one lookup in nested maps
 * per query and no label hashing or string building. The Prometheus metrics read it when they
 * are scraped, and the heartbeat through them.
 */
export class QueryTally {
  private readonly byOutcome = new Map<string, Map<string, Map<string, QueryCell>>>();
  private readonly durations = new Map<string, DurationCell>();

  count(outcome: string, label: string, group: string, n = 1): void {
    const byLabel = entryOf(entryOf(this.byOutcome, outcome, newGroupMap), group, newLabelMap);
    const cell = byLabel.get(label);
    if (cell) cell.count += n;
    else byLabel.set(label, { outcome, label, group, count: n });
  }

  time(outcome: string, seconds: number): void {
    observeInto(this.durationCell(outcome), DURATION_BUCKETS, seconds);
  }

  /** Another thread's durations of one outcome, added in. */
  addDurations(outcome: string, cell: DurationCell): void {
    addInto(this.durationCell(outcome), cell);
  }

  /** Starts again from nothing (a DNS worker, once it has reported). */
  clear(): void {
    this.byOutcome.clear();
    this.durations.clear();
  }

  *cells(): Generator<QueryCell> {
    for (const byGroup of this.byOutcome.values()) for (const byLabel of byGroup.values()) yield* byLabel.values();
  }

  durationsByOutcome(): ReadonlyMap<string, DurationCell> {
    return this.durations;
  }

  private durationCell(outcome: string): DurationCell {
    return entryOf(this.durations, outcome, newDurationCell);
  }
}
