import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { incidentKindLabel } from "../domain/incident-kinds.ts";
import type { ReportItem } from "../domain/report-document.ts";
import { categoryName, num, type ReportContext, range, table } from "./report-context.ts";
import type { Period } from "./report-period.ts";

export const AGENCY_NAMES: Record<string, string> = {
  police: "Police",
  ceop: "CEOP",
  iwf: "IWF",
  "childrens-social-care": "Children's social care",
  lado: "LADO",
  "adult-social-care": "Adult social care",
  "local-authority": "Local authority / safeguarding partnership",
  mash: "MASH",
  "prevent-channel": "Prevent / Channel",
  nspcc: "NSPCC",
  childline: "Childline",
  "report-harmful-content": "Report Harmful Content",
  "school-escalation": "The school's own escalation",
  "parents-carers": "Parents and carers",
};

export const agencyName = (id: string): string => AGENCY_NAMES[id] ?? id;

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
    referrals(ctx).map((x) => [agencyName(x.key), x.n]),
    empty,
  );
}

/**
 * What an incident was about, as a report names it: the category the filter matched, or, for a
 * reported concern (which has no category), its kind.
 */
export function incidentTopic(ctx: ReportContext, row: Row): string {
  return row.source === "report" ? incidentKindLabel(String(row.kind)) : categoryName(ctx, row.category);
}

/** Incidents per category or reported kind, by name, most first. */
export function topicCounts(ctx: ReportContext, rows: readonly Row[]): { key: string; n: number }[] {
  return sorted(
    countBy(
      rows.map((row) => ({ topic: incidentTopic(ctx, row) })),
      "topic",
    ),
  );
}

/** Incidents by kind: the filter's beside each kind of reported concern. */
export function kindTable(rows: readonly Row[]): ReportItem {
  return table(
    "By kind",
    ["Kind", "Incidents"],
    sorted(countBy(rows, "kind")).map((k) => [incidentKindLabel(k.key), k.n]),
    "None.",
  );
}

/** Incidents per group of users; a reported concern has none. */
export function groupTable(rows: readonly Row[]): ReportItem {
  return table(
    "By group",
    ["Group", "Incidents"],
    sorted(countBy(rows, "group")).map((g) => [g.key || "(reported concern, no group)", g.n]),
    "None.",
  );
}

/** This period's and the previous period's incidents per category (or reported kind), for trends. */
export function categoryTrend(ctx: ReportContext, current: readonly Row[], previous: readonly Row[]) {
  const topics = (rows: readonly Row[]) => rows.map((row) => ({ topic: incidentTopic(ctx, row) }));
  const now = countBy(topics(current), "topic");
  const before = countBy(topics(previous), "topic");
  const keys = [...new Set([...now.keys(), ...before.keys()])].sort(
    (a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0) || a.localeCompare(b),
  );
  return keys.map((key) => {
    const a = now.get(key) ?? 0;
    const b = before.get(key) ?? 0;
    return [key, a, b, a === b ? "same" : a > b ? `up ${a - b}` : `down ${b - a}`];
  });
}

export const n = num;
