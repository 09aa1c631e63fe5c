/**
 * Look-ups counted since the last heartbeat, per outcome, group and label, from the main
 * thread and every DNS worker. Cardinality is bounded by outcomes × groups × labels.
 */
export class QueryCounts {
  private counts = new Map<string, number>();

  add(outcome: string, group: string, label: string, n = 1): void {
    const key = `${outcome}\u0000${group}\u0000${label}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** The counts so far, and a fresh start. */
  take(): {
    byOutcome: Record<string, number>;
    counts: { outcome: string; group: string; label: string; n: number }[];
  } {
    const taken = this.counts;
    this.counts = new Map();
    const byOutcome: Record<string, number> = {};
    const counts = [...taken].map(([key, n]) => {
      const [outcome = "", group = "", label = ""] = key.split("\u0000");
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
      return { outcome, group, label, n };
    });
    return { byOutcome, counts };
  }
}
