/** One reading of a labelled counter, as prom-client gives it. */
export interface CounterValue {
  labels: Partial<Record<string, string | number>>;
  value: number;
}

/**
 * Look-ups since the last heartbeat, per outcome, group and label: the difference between two
 * readings of the cumulative queries counter, which the main thread and every DNS worker already
 * feed. Nothing extra is counted on the DNS path.
 */
export class QueryCountDeltas {
  private last = new Map<string, number>();

  take(values: readonly CounterValue[]): {
    byOutcome: Record<string, number>;
    counts: { outcome: string; group: string; label: string; n: number }[];
  } {
    const byOutcome: Record<string, number> = {};
    const counts: { outcome: string; group: string; label: string; n: number }[] = [];
    for (const { labels, value } of values) {
      const outcome = String(labels.outcome ?? "");
      const group = String(labels.group ?? "");
      const label = String(labels.label ?? "");
      const key = `${outcome}\u0000${group}\u0000${label}`;
      const n = value - (this.last.get(key) ?? 0);
      this.last.set(key, value);
      if (n <= 0) continue;
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
      counts.push({ outcome, group, label, n });
    }
    return { byOutcome, counts };
  }
}
