import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import type { ReportItem } from "../domain/report-document.ts";
import { categoryName, num, type ReportContext, range, table } from "./report-context.ts";
import type { Period } from "./report-period.ts";

export const AGENCY_NAMES: Record<string, string> = {
  police: "Police",
  ceop: "CEOP",
  iwf: "IWF",
  "childrens-social-care": "Children's social care",
  lado: "LADO",
  "prevent-channel": "Prevent / Channel",
  "parents-carers": "Parents and carers",
};

type Row = Record<string, string | number | null>;

export function countBy(rows: readonly Row[], field: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row[field]), (counts.get(String(row[field])) ?? 0) + 1);
  return counts;
}

/** Severity counts in grade order, highest first, with zeroes. */
export function bySeverity(rows: readonly Row[]): { key: string; n: number }[] {
  const counts = countBy(rows, "severity");
  return SEVERITIES_MOST_SEVERE_FIRST.map((s) => ({ key: s, n: counts.get(s) ?? 0 }));
}

/** Incidents per severity, highest first, as the "By severity" table every incident report carries. */
export function severityTable(rows: readonly Row[]): ReportItem {
  return table(
    "By severity",
    ["Severity", "Incidents"],
    bySeverity(rows).map((s) => [s.key, s.n]),
    "None.",
  );
}

export function sorted(counts: Map<string, number>): { key: string; n: number }[] {
  return [...counts].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
}

/** Referrals made in a period, by agency. */
export function referrals(ctx: ReportContext, period: Period = ctx.period): { key: string; n: number }[] {
  const rows = ctx.data.entries(range(ctx, period), ["referral"]);
  return sorted(
    countBy(
      rows.map((r) => ({ agency: (JSON.parse(String(r.body)) as { agency: string }).agency })),
      "agency",
    ),
  );
}

/** The period's referrals by agency, as a table. */
export function referralsTable(ctx: ReportContext, title: string, empty: string): ReportItem {
  return table(
    title,
    ["Agency", "Referrals"],
    referrals(ctx).map((x) => [AGENCY_NAMES[x.key] ?? x.key, x.n]),
    empty,
  );
}

/** This period's and the previous period's incidents per category, for trends. */
export function categoryTrend(ctx: ReportContext, current: readonly Row[], previous: readonly Row[]) {
  const now = countBy(current, "category");
  const before = countBy(previous, "category");
  const keys = [...new Set([...now.keys(), ...before.keys()])].sort(
    (a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0) || a.localeCompare(b),
  );
  return keys.map((key) => {
    const a = now.get(key) ?? 0;
    const b = before.get(key) ?? 0;
    return [categoryName(ctx, key), a, b, a === b ? "same" : a > b ? `up ${a - b}` : `down ${b - a}`];
  });
}

export const n = num;
