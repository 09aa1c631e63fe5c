/** Upper bounds of the query-duration histogram's buckets, in seconds. */
export const DURATION_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2] as const;

/** Answers counted for one outcome, category label and group. */
export interface QueryCell {
  outcome: string;
  label: string;
  group: string;
  count: number;
}

/** Durations of the answers of one outcome: a count per bucket (the last is +Inf), sum and count. */
export interface DurationCell {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * Per-query counts and durations in plain numbers, for the DNS path: one lookup in nested maps
 * per query and no label hashing or string building. The Prometheus metrics read it when they
 * are scraped, and the heartbeat through them.
 */
export class QueryTally {
  private readonly byOutcome = new Map<string, Map<string, Map<string, QueryCell>>>();
  private readonly durations = new Map<string, DurationCell>();

  count(outcome: string, label: string, group: string, n = 1): void {
    let byGroup = this.byOutcome.get(outcome);
    if (!byGroup) {
      byGroup = new Map();
      this.byOutcome.set(outcome, byGroup);
    }
    let byLabel = byGroup.get(group);
    if (!byLabel) {
      byLabel = new Map();
      byGroup.set(group, byLabel);
    }
    const cell = byLabel.get(label);
    if (cell) cell.count += n;
    else byLabel.set(label, { outcome, label, group, count: n });
  }

  time(outcome: string, seconds: number): void {
    let cell = this.durations.get(outcome);
    if (!cell) {
      cell = { buckets: new Float64Array(DURATION_BUCKETS.length + 1), sum: 0, count: 0 };
      this.durations.set(outcome, cell);
    }
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[bucket] as number)) bucket++;
    (cell.buckets[bucket] as number)++;
    cell.sum += seconds;
    cell.count++;
  }

  *cells(): Generator<QueryCell> {
    for (const byGroup of this.byOutcome.values()) for (const byLabel of byGroup.values()) yield* byLabel.values();
  }

  durationsByOutcome(): ReadonlyMap<string, DurationCell> {
    return this.durations;
  }
}
