import type { ReportItem } from "../domain/report-document.ts";
import { SANCTION_CHANGE } from "../services/sanction-service.ts";
import { agencyName } from "./incident-figures.ts";
import { INCIDENT_LOG_COLUMNS, incidentLogFields, type LogEntry } from "./incident-log-fields.ts";
import { personOf } from "./people-in-reports.ts";
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
import { detailedRows, restrictedNote } from "./restricted-incidents.ts";

/** At most this many lines in one incident log; a longer period is split (the statement says so). */
export const INCIDENT_LOG_MAX_ROWS = 20_000;

/** Each incident's entries, their bodies parsed. */
function entriesByIncident(ctx: ReportContext, ids: readonly number[]): Map<number, LogEntry[]> {
  const byIncident = new Map<number, LogEntry[]>();
  for (const e of ctx.data.entriesOf(ids)) {
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
  return byIncident;
}

/** The e-safety incident log, with the fields of the policies' incident log form, one row per incident. */
export function incidentLogExport(ctx: ReportContext): ReportBody {
  const all = ctx.data.incidents(range(ctx), INCIDENT_LOG_MAX_ROWS + 1);
  const { shown, hidden } = detailedRows(ctx, all.slice(0, INCIDENT_LOG_MAX_ROWS));
  const entries = entriesByIncident(
    ctx,
    shown.map((i) => num(i.id)),
  );
  const rows = shown.map((i) => {
    const fields = incidentLogFields(
      {
        id: num(i.id),
        source: String(i.source),
        kind: String(i.kind),
        category: String(i.category ?? ""),
        severity: String(i.severity),
        state: String(i.state),
        illegal: num(i.illegal) === 1,
        openedAt: String(i.openedAt),
        firstSeen: String(i.firstSeen),
        eventCount: num(i.eventCount),
        clientAddress: String(i.clientAddress ?? ""),
        hostname: i.hostname === null || i.hostname === undefined ? null : String(i.hostname),
        submittedBy: i.submittedBy === null || i.submittedBy === undefined ? null : String(i.submittedBy),
        person: personOf(i),
      },
      entries.get(num(i.id)) ?? [],
      { time: (iso) => siteTime(ctx, i.siteId, iso), category: (id) => categoryName(ctx, id), agency: agencyName },
    );
    const row = INCIDENT_LOG_COLUMNS.map(([key]) => fields[key]);
    row.splice(2, 0, siteName(ctx, i.siteId));
    return row;
  });
  const columns: string[] = INCIDENT_LOG_COLUMNS.map(([key, header]) =>
    key === "when" ? timeColumn(ctx, header) : header,
  );
  columns.splice(2, 0, "Site");
  const truncated: ReportItem[] =
    all.length > INCIDENT_LOG_MAX_ROWS
      ? [
          {
            kind: "statement",
            status: "attention",
            text: `The period holds more than ${INCIDENT_LOG_MAX_ROWS.toLocaleString("en-GB")} incidents: this log stops there; export a shorter period for the rest.`,
          },
        ]
      : [];
  return {
    title: `E-safety incident log: ${ctx.period.label}`,
    audience: "Designated Safeguarding Lead",
    introduction:
      "One line per incident in the period, flagged by the filter or reported by staff, with the fields of the e-safety incident log form.",
    landscape: true,
    sections: [
      {
        heading: "Incident log",
        explanation:
          "Details, referrals, actions, parents informed, review and sign-off as recorded in each incident; corrected entries are left out. Times are in each site's local time, labelled.",
        items: [
          ...truncated,
          ...restrictedNote(hidden),
          table("Incident log", columns, rows, "No incident in this period."),
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
              String(c.reason).startsWith(SANCTION_CHANGE) && c.oldBody === (c.newBody === "null" ? null : c.newBody)
                ? "a sanction on one person (the document unchanged)"
                : changedParts(
                    c.oldBody === null ? null : JSON.parse(String(c.oldBody)),
                    JSON.parse(String(c.newBody)),
                  ),
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
