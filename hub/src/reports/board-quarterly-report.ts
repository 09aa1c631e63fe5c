import { isTerminalState } from "../domain/incident-workflow.ts";
import { coverageHistorySection } from "./coverage-history-section.ts";
import { coverageStatements } from "./coverage-section.ts";
import { filterCheckStatement } from "./filter-check-section.ts";
import { fleetHealth } from "./fleet-health.ts";
import { categoryTrend, countBy, groupTable, kindTable, severityTable, sorted } from "./incident-figures.ts";
import { lookupsBy, lookupsByMonth } from "./lookup-counts.ts";
import {
  categoryName,
  num,
  percent,
  type ReportBody,
  type ReportContext,
  range,
  siteName,
  sum,
  table,
} from "./report-context.ts";

/** The quarterly report to the board or trustees: aggregates only, never a name or an address of a user. */
export function boardQuarterlyReport(ctx: ReportContext): ReportBody {
  const r = range(ctx);
  const incidents = ctx.data.incidents(r);
  const before = ctx.data.incidents(range(ctx, ctx.previous));
  const health = fleetHealth(ctx);
  const uptime = health.length ? health.reduce((t, a) => t + a.uptime, 0) / health.length : 0;
  const stale = health.filter((a) => a.stale).length;
  const updates = health.flatMap((a) => a.listUpdates);
  const changes = ctx.data.policyChanges(r);
  const refused = ctx.data.auditCount(r, "policy.locked-change-refused");
  const alerts = new Map(ctx.data.alertsByStatus(r).map((a) => [String(a.key), num(a.n)]));
  const counts = ctx.data.lookupCounts(r);
  const months = lookupsByMonth(counts, "blocked");
  const monthsBefore = lookupsByMonth(ctx.data.lookupCounts(range(ctx, ctx.previous)), "blocked");
  const serious = incidents.filter((i) => i.severity === "high" || i.severity === "critical").length;
  return {
    title: `Quarterly e-safety report to the board: ${ctx.period.label}`,
    audience: "Board of governors or trustees",
    introduction:
      "How the organisation's web filtering and monitoring worked this quarter, in totals only: this report never names or identifies a pupil, student, member of staff or visitor.",
    sections: [
      {
        heading: "Assurance",
        explanation: "Statements the board can rely on, each checked against the records for this quarter.",
        items: [
          {
            kind: "statement",
            status: stale === 0 ? "ok" : "attention",
            text:
              stale === 0
                ? "The web filter updated its block lists at every site within the last 7 days."
                : `${stale} filter(s) had not updated their block lists within 7 days at the end of the quarter.`,
          },
          // Coverage is measured, never assumed: each headline category says whether a list is loaded.
          ...coverageStatements(ctx),
          {
            kind: "statement",
            status: "ok",
            text: `${refused} attempt(s) to change the illegal-content categories were refused and logged.`,
          },
          {
            kind: "statement",
            status: (alerts.get("failed") ?? 0) === 0 ? "ok" : "attention",
            text: `${alerts.get("sent") ?? 0} alert(s) reached the safeguarding team; ${alerts.get("failed") ?? 0} could not be delivered.`,
          },
          {
            kind: "statement",
            status: ctx.auditIntact() ? "ok" : "attention",
            text: ctx.auditIntact()
              ? "The audit trail of changes and access is complete and unaltered (hash chain verified)."
              : "The audit trail failed its integrity check: ask the auditor to investigate.",
          },
          filterCheckStatement(ctx),
        ],
      },
      coverageHistorySection(ctx),
      {
        heading: "Incidents",
        explanation:
          "Attempts to reach harmful content become incidents that the Designated Safeguarding Lead reviews. High and critical incidents are the serious ones.",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "Incidents this quarter", value: incidents.length },
              { label: "Previous quarter", value: before.length },
              { label: "High or critical", value: serious },
              {
                label: "Still open",
                value: incidents.filter((i) => !isTerminalState(String(i.state))).length,
              },
            ],
          },
          severityTable(incidents),
          kindTable(incidents),
          table(
            "By category or reported kind, against the previous quarter",
            ["Category", "This quarter", "Previous", "Change"],
            categoryTrend(ctx, incidents, before),
            "None.",
          ),
          groupTable(incidents),
        ],
      },
      {
        heading: "Filter health",
        explanation:
          "Whether the filter was running and kept its lists current, and how much it blocked month by month.",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "Sites", value: ctx.sites.length },
              { label: "Filters (agents)", value: health.length },
              { label: "Average uptime", value: percent(uptime, 1) },
              { label: "List updates (failed)", value: `${updates.length} (${updates.filter((u) => !u.ok).length})` },
            ],
          },
          {
            kind: "trend",
            title: "Blocked look-ups per month",
            data: [
              ...months.map((m) => ({ label: String(m.key), value: num(m.n), series: "this quarter" })),
              ...monthsBefore.map((m) => ({ label: String(m.key), value: num(m.n), series: "previous quarter" })),
            ],
          },
        ],
      },
      {
        heading: "Changes to the filtering policy",
        explanation:
          "How many times each site's filtering policy was changed; the full log with reasons is kept by the ICT team.",
        items: [
          table(
            "Policy changes by site",
            ["Site", "Changes"],
            sorted(countBy(changes, "siteId")).map((c) => [siteName(ctx, c.key), c.n]),
            "No change this quarter.",
          ),
          table(
            "Blocked look-ups by category",
            ["Category", "Blocked"],
            lookupsBy(counts, "category", "blocked")
              .slice(0, 10)
              .map((c) => [categoryName(ctx, c.key), c.n]),
            "Nothing was blocked.",
          ),
          {
            kind: "figures",
            figures: [{ label: "Blocked look-ups", value: sum(lookupsBy(counts, "outcome", "blocked")) }],
          },
        ],
      },
    ],
  };
}
