import { foldEntries } from "../domain/incident-workflow.ts";
import { AGENCY_NAMES } from "./incident-figures.ts";
import {
  categoryName,
  num,
  type ReportBody,
  type ReportContext,
  range,
  siteName,
  siteTime,
  table,
  timeColumn,
} from "./report-context.ts";

type Entry = { seq: number; at: string; by: string; kind: string; body: Record<string, unknown> };

/** The e-safety incident log, with the fields of the seed policies' log, one row per incident. */
export function incidentLogExport(ctx: ReportContext): ReportBody {
  const incidents = ctx.data.incidents(range(ctx));
  const entries = ctx.data.entriesOf(incidents.map((i) => num(i.id)));
  const byIncident = new Map<number, Entry[]>();
  for (const e of entries) {
    const list = byIncident.get(num(e.incidentId)) ?? [];
    list.push({
      seq: num(e.seq),
      at: String(e.at),
      by: String(e.by),
      kind: String(e.kind),
      body: JSON.parse(String(e.body)),
    });
    byIncident.set(num(e.incidentId), list);
  }
  const rows = incidents.map((i) => {
    const record = foldEntries(byIncident.get(num(i.id)) ?? []);
    const details = (record.details?.body ?? {}) as Record<string, unknown>;
    const review = (record.review?.body ?? {}) as Record<string, unknown>;
    const yesNo = (v: unknown) => (v === undefined ? "" : v ? "yes" : "no");
    return [
      siteTime(ctx, i.siteId, i.openedAt),
      num(i.id),
      siteName(ctx, i.siteId),
      String(details.reportedBy ?? "Fenceline (automatic)"),
      String(details.reportedTo ?? ""),
      String(
        details.description ?? `${num(i.eventCount)} attempt(s) to reach ${categoryName(ctx, i.category)} content`,
      ),
      categoryName(ctx, i.category),
      String(i.severity),
      yesNo(details.illegalMaterial ?? (num(i.illegal) === 1 ? true : undefined)),
      yesNo(details.immediateRisk),
      record.actions.map((a) => `${a.body.action}: ${a.body.detail}`).join("; "),
      record.referrals
        .map((r) => `${AGENCY_NAMES[String(r.body.agency)] ?? r.body.agency} ${r.body.date} ${r.body.reference}`)
        .join("; "),
      String(review.result ?? ""),
      String(review.sanctions ?? ""),
      String(i.state),
      i.state === "closed" && record.signedOff
        ? `${record.signedOff.by} ${siteTime(ctx, i.siteId, record.signedOff.at)}`
        : "",
    ];
  });
  return {
    title: `E-safety incident log: ${ctx.period.label}`,
    audience: "Designated Safeguarding Lead",
    introduction: "One line per incident raised in the period, with the fields of the e-safety incident log.",
    landscape: true,
    sections: [
      {
        heading: "Incident log",
        explanation:
          "Details, referrals, actions and review as recorded in each incident; corrected entries are left out.",
        items: [
          table(
            "Incident log",
            [
              timeColumn(ctx, "Date"),
              "Incident",
              "Site",
              "Reported by",
              "Reported to",
              "What happened",
              "Category",
              "Severity",
              "Illegal material",
              "Immediate risk",
              "Action taken",
              "Referrals",
              "Review result",
              "Sanctions",
              "State",
              "Signed off",
            ],
            rows,
            "No incident in this period.",
          ),
        ],
      },
    ],
  };
}

/** The log of every change to the filtering policy in the period. */
export function policyChangeLogExport(ctx: ReportContext): ReportBody {
  const changes = ctx.data.policyChanges(range(ctx));
  return {
    title: `Filtering policy change log: ${ctx.period.label}`,
    audience: "ICT team, DSL and auditors",
    introduction: "Every change to a site's filtering policy: who made it, when, why, and what changed.",
    sections: [
      {
        heading: "Policy changes",
        explanation: "What changed lists the parts of the policy that differ between the old and new versions.",
        items: [
          table(
            "Policy change log",
            [timeColumn(ctx, "Date"), "Site", "Changed by", "Reason", "What changed"],
            changes.map((c) => [
              siteTime(ctx, c.siteId, c.at),
              siteName(ctx, c.siteId),
              String(c.changedBy),
              String(c.reason),
              changedParts(c.oldBody === null ? null : JSON.parse(String(c.oldBody)), JSON.parse(String(c.newBody))),
            ]),
            "No change in this period.",
          ),
        ],
      },
    ],
  };
}

/** Which top-level fields, and which groups, differ: "groups.students, blockTtl". */
function changedParts(before: Record<string, unknown> | null, after: Record<string, unknown>): string {
  if (!before) return "first policy";
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === "groups") {
      const old = new Map(((before.groups ?? []) as { id: string }[]).map((g) => [g.id, JSON.stringify(g)]));
      for (const group of (after.groups ?? []) as { id: string }[])
        if (old.get(group.id) !== JSON.stringify(group)) parts.push(`groups.${group.id}`);
      for (const id of old.keys())
        if (!((after.groups ?? []) as { id: string }[]).some((g) => g.id === id)) parts.push(`groups.${id} (removed)`);
    } else if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) parts.push(key);
  }
  return parts.join(", ") || "no effective change";
}
