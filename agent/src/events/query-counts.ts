import type { QueryCell } from "../http/query-tally.ts";

/**
 * Look-ups since the last heartbeat, per outcome, group and label: the difference between two
 * readings of the cumulative query tally, which the main thread and every DNS worker already
 * feed. Nothing extra is counted on the DNS path.
 */
export class QueryCountDeltas {
  private last = new Map<string, number>();

  take(cells: Iterable<QueryCell>): {
    byOutcome: Record<string, number>;
    counts: { outcome: string; group: string; label: string; n: number }[];
  } {
    const byOutcome: Record<string, number> = {};
    const counts: { outcome: string; group: string; label: string; n: number }[] = [];
    for (const { outcome, group, label, count } of cells) {
      const key = `${outcome}\u0000${group}\u0000${label}`;
      const n = count - (this.last.get(key) ?? 0);
      this.last.set(key, count);
      if (n <= 0) continue;
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
      counts.push({ outcome, group, label, n });
    }
    return { byOutcome, counts };
  }
}
