import type { SitePolicy } from "@fenceline/shared/policy";
import { coverageText } from "../domain/coverage.ts";
import type { ReportItem } from "../domain/report-document.ts";
import { linesAcrossSites, rowsAcrossSites } from "./across-sites.ts";
import { carriedActionsTable } from "./carried-review-actions.ts";
import { working } from "./coverage-section.ts";
import { filterCheckYearItems } from "./filter-check-section.ts";
import { fleetHealth } from "./fleet-health.ts";
import { incidentTopic, kindTable, referralsTable, severityTable, topicCounts } from "./incident-figures.ts";
import {
  categoryName,
  num,
  percent,
  policyChangesTable,
  type ReportBody,
  type ReportContext,
  range,
  siteDay,
  siteName,
  table,
  timeColumn,
} from "./report-context.ts";
import { detailedRows, restrictedNote } from "./restricted-incidents.ts";

/** The UKSIC and locked categories as measured: "working" means a list loaded with entries. */
function coverage(ctx: ReportContext, siteId: string) {
  return ctx
    .coverage(siteId)
    .filter((c) => c.category.uksic !== null || c.category.locked)
    .map((c) => ({
      category: c.category,
      feeds: c.sources.length,
      working: working(c),
      text: coverageText(c),
      missing: c.sources.filter((s) => !s.configured),
    }));
}

/** The annual review pack (DfE filtering and monitoring standards, standard 2). */
export function annualReviewReport(ctx: ReportContext): ReportBody {
  const r = range(ctx);
  const incidents = ctx.data.incidents(r);
  const health = fleetHealth(ctx);
  const updates = health.flatMap((a) => a.listUpdates);
  const changes = ctx.data.policyChanges(r);
  const alerts = new Map(ctx.data.alertsByStatus(r).map((a) => [String(a.key), num(a.n)]));
  const gaps = ctx.sites.flatMap((site) =>
    coverage(ctx, site.id)
      .filter((c) => c.working === 0)
      .map((c) => ({ site, c })),
  );
  const actions: string[] = [
    ...new Set([
      ...linesAcrossSites(ctx, [
        ...gaps.map(({ site, c }) => ({
          site: site.name,
          text:
            c.feeds === 0
              ? `find a list source for "${c.category.name}".`
              : c.missing.length === c.feeds
                ? `supply the licensed feed for "${c.category.name}" (${c.missing.map((m) => m.id).join(", ")}).`
                : `"${c.category.name}" is ${c.text}; check that the filter loads its list.`,
        })),
        ...health
          .filter((a) => a.stale)
          .map((a) => ({
            site: siteName(ctx, a.siteId),
            text: `the filter "${a.agent}" is not updating its lists; fix it.`,
          })),
      ]),
      ...((alerts.get("failed") ?? 0) > 0 ? ["Check alert email delivery: some alerts failed."] : []),
      ...(incidents.some((i) => i.state === "new") ? ["Triage the incidents still marked new."] : []),
    ]),
  ];
  const serious = detailedRows(
    ctx,
    incidents.filter((i) => i.severity === "high" || i.severity === "critical"),
  );
  const cases: ReportItem[] = ctx.safeguarding
    ? [
        ...restrictedNote(serious.hidden),
        table(
          "The year's cases",
          ["No.", timeColumn(ctx, "Raised"), "Site", "Client", "Category or kind", "Severity", "Outcome"],
          serious.shown.map((i) => [
            num(i.id),
            siteDay(ctx, i.siteId, i.openedAt),
            siteName(ctx, i.siteId),
            String(i.clientAddress),
            incidentTopic(ctx, i),
            String(i.severity),
            String(i.state),
          ]),
          "No high or critical incident this year.",
        ),
      ]
    : [{ kind: "statement", status: "ok", text: "Individual cases are in the DSL's copy of this pack." }];
  const people = ctx.people();
  return {
    title: `Annual filtering and monitoring review: ${ctx.period.label}`,
    audience: ctx.safeguarding
      ? "DSL, senior leadership and the governor responsible (DSL's copy)"
      : "Senior leadership and governors",
    introduction:
      "The DfE filtering and monitoring standards ask for a review at least once a year of who is responsible, what the filter blocks and what it misses, what checks were made, what happened, and what will change. This pack gathers the evidence for that review from the year's records.",
    sections: [
      {
        heading: "Roles and responsibilities",
        explanation: "Who holds each role in the filtering and monitoring system now.",
        items: [
          table(
            "People and roles",
            ["Name", "Role", "Sites"],
            people.map((p) => [p.name, p.role, p.sites ? p.sites.join(", ") : "all"]),
            "No users.",
          ),
        ],
      },
      {
        heading: "The filtering policy now",
        explanation: "Each site's groups of users and what their policy changes from the defaults.",
        items: ctx.sites.map((site) => {
          const policy = ctx.policies(site.id) as SitePolicy | null;
          return table(
            `${site.name}`,
            ["Group", "Kind", "Category changes", "Always allowed", "Always blocked", "Time windows", "Safe search"],
            (policy?.groups ?? []).map((g) => [
              g.id,
              g.kind,
              Object.entries(g.categories)
                .map(([c, a]) => `${categoryName(ctx, c)}: ${a}`)
                .join("; ") || "defaults",
              g.allow.length,
              g.block.length,
              g.windows.length,
              g.safeSearch.enabled ? `on (YouTube ${g.safeSearch.youtube})` : "off",
            ]),
            "The hub holds no policy for this site; the agent runs on its own configuration.",
          );
        }),
      },
      {
        heading: "What the filter covers, and its known gaps",
        explanation:
          "Each UK Safer Internet Centre content heading needs a list behind it. A gap is a category with no working list: usually a licensed feed (such as the IWF list) that the site has yet to supply.",
        items: [
          table(
            "Coverage",
            ["Sites", "Category", "Lists", "Working", "Coverage"],
            rowsAcrossSites(
              ctx,
              ctx.sites.flatMap((site) =>
                coverage(ctx, site.id).map((c) => ({
                  site: site.name,
                  cells: [c.category.name, c.feeds, c.working, c.text],
                })),
              ),
            ),
            "No sites.",
          ),
        ],
      },
      {
        heading: "Checks and self-tests made this year",
        explanation:
          "Evidence that the system checked itself: list updates, alert deliveries, the audit trail's integrity, retention runs, and the filtering checks (the agents testing that the filter blocks what it should).",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "List updates", value: updates.length },
              { label: "Failed list updates", value: updates.filter((u) => !u.ok).length },
              { label: "Alerts sent", value: alerts.get("sent") ?? 0 },
              { label: "Alerts failed", value: alerts.get("failed") ?? 0 },
              { label: "Retention runs", value: ctx.data.auditCount(r, "retention.") },
              { label: "Audit trail", value: ctx.auditIntact() ? "intact" : "FAILED check" },
              {
                label: "Average filter uptime",
                value: percent(health.length ? health.reduce((t, a) => t + a.uptime, 0) / health.length : 0, 1),
              },
            ],
          },
          ...filterCheckYearItems(ctx),
        ],
      },
      {
        heading: "Incidents",
        explanation: "The year's incidents in totals; the DSL's copy lists the serious cases.",
        items: [
          severityTable(incidents),
          kindTable(incidents),
          table(
            "By category or reported kind",
            ["Category or kind", "Incidents"],
            topicCounts(ctx, incidents).map((c) => [c.key, c.n]),
            "None.",
          ),
          referralsTable(ctx, "Referrals", "No referral was made."),
          ...cases,
        ],
      },
      {
        heading: "Changes made",
        explanation: "Every change to the filtering policy this year, with its reason.",
        items: [policyChangesTable(ctx, changes, "day", "No change this year.")],
      },
      {
        heading: "Actions for next year",
        explanation:
          "Drawn from the gaps and problems above, and carried from last year's review; the meeting's own are kept in its annual review record.",
        items: [
          carriedActionsTable(ctx),
          table(
            "Actions",
            ["Action"],
            actions.map((a) => [a]),
            "Nothing outstanding was found in the records.",
          ),
        ],
      },
    ],
  };
}
