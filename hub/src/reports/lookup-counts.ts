import { sorted } from "./incident-figures.ts";

/** A row of `ReportStore.lookupCounts`: flagged look-ups by month, outcome, group and category. */
type LookupCount = Record<string, unknown>;

/** The look-ups with `outcome`, summed by `by`: the largest first, then by key. */
export function lookupsBy(
  counts: readonly LookupCount[],
  by: "outcome" | "group" | "category",
  outcome: string,
): { key: string; n: number }[] {
  const totals = new Map<string, number>();
  for (const row of counts)
    if (row.outcome === outcome) totals.set(String(row[by]), (totals.get(String(row[by])) ?? 0) + Number(row.n));
  return sorted(totals);
}

/** The look-ups with `outcome` per calendar month, in month order. */
export function lookupsByMonth(counts: readonly LookupCount[], outcome: string): { key: string; n: number }[] {
  const totals = new Map<string, number>();
  for (const row of counts)
    if (row.outcome === outcome) totals.set(String(row.month), (totals.get(String(row.month)) ?? 0) + Number(row.n));
  return [...totals].map(([key, n]) => ({ key, n })).sort((a, b) => (a.key < b.key ? -1 : 1));
}
