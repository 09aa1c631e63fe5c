import { maskLockedName } from "../domain/locked-names.ts";
import { coverageSection } from "./coverage-section.ts";
import { filterCheckSection } from "./filter-check-section.ts";
import { fleetHealth } from "./fleet-health.ts";
import { lookupsBy } from "./lookup-counts.ts";
import {
  bars,
  categoryName,
  num,
  percent,
  policyChangesTable,
  type ReportBody,
  type ReportContext,
  range,
  siteDay,
  siteName,
  siteTime,
  sum,
  table,
  timeColumn,
} from "./report-context.ts";
import { reviewRequestsSection } from "./review-requests-section.ts";

/** Weekly monitoring report for the ICT team and the Operations Manager. */
export function weeklyIctReport(ctx: ReportContext): ReportBody {
  const r = range(ctx);
  const health = fleetHealth(ctx);
  const queries = ctx.data.queriesByOutcome(r);
  const totalQueries = sum(queries);
  const counts = ctx.data.lookupCounts(r);
  const blocked = lookupsBy(counts, "category", "blocked");
  const circumvention = lookupsBy(counts, "category", "circumvention");
  const safeSearch = sum(lookupsBy(counts, "outcome", "safesearch"));
  const stale = health.filter((a) => a.stale);
  const changes = ctx.data.policyChanges(r);
  return {
    title: "Weekly filtering and monitoring report",
    audience: "ICT team and Operations Manager",
    introduction:
      "This report shows whether the web filter worked all week at every site, whether it kept its block lists up to date, and what it blocked. Figures count DNS look-ups: each time a device asked for a web address.",
    sections: [
      {
        heading: "Is the filter running and updating itself?",
        explanation:
          "Each site's filter (its agent) reports in every minute. Uptime is the share of the week it was heard from; a gap of more than a few minutes is an offline spell. The block lists must be refreshed at least every 7 days: a site marked STALE is not updating itself and needs checking.",
        items: [
          stale.length === 0
            ? { kind: "statement", status: "ok", text: "Every site's block lists were updated within the last 7 days." }
            : {
                kind: "statement",
                status: "attention",
                text: `Lists NOT updated in the last 7 days at: ${[...new Set(stale.map((a) => siteName(ctx, a.siteId)))].join(", ")}.`,
              },
          table(
            "Agents",
            ["Site", "Agent", "Uptime", "Offline spells", "Lists built", "List age", "Updates (failed)"],
            health.map((a) => [
              siteName(ctx, a.siteId),
              a.agent,
              percent(a.uptime, 1),
              a.offlineSpells.length,
              siteDay(ctx, a.siteId, a.listsBuiltAt),
              a.listsAgeDays === null ? "unknown" : `${a.listsAgeDays.toFixed(1)} days${a.stale ? " STALE" : ""}`,
              `${a.listUpdates.length} (${a.listUpdates.filter((u) => !u.ok).length})`,
            ]),
            "No agents reported at these sites.",
          ),
          table(
            "Failed list updates",
            ["Site", "Agent", timeColumn(ctx, "When"), "Why"],
            health.flatMap((a) =>
              a.listUpdates
                .filter((u) => !u.ok)
                .map((u) => [siteName(ctx, a.siteId), a.agent, siteTime(ctx, a.siteId, u.at), u.errors]),
            ),
            "No list update failed.",
          ),
          table(
            "Upstream resolver errors",
            ["Site", "Upstream", "Reports unhealthy", "Last error"],
            ctx.data
              .upstreamErrors(r)
              .map((u) => [siteName(ctx, u.site), String(u.upstream), num(u.n), String(u.lastError ?? "")]),
            "Every upstream resolver stayed healthy.",
          ),
        ],
      },
      coverageSection(ctx),
      {
        heading: "What was blocked",
        explanation:
          "Look-ups the filter answered, and those it blocked, by category and by group of users. A block is the filter doing its job; many blocks in one category may be worth a conversation with staff.",
        items: [
          {
            kind: "figures",
            figures: [
              { label: "Look-ups answered", value: totalQueries },
              { label: "Blocked", value: sum(blocked), note: percent(sum(blocked), totalQueries) },
              { label: "Circumvention attempts", value: sum(circumvention) },
              { label: "Safe search enforced", value: safeSearch },
            ],
          },
          bars("Blocked look-ups by category", blocked.slice(0, 15), (k) => categoryName(ctx, k as string)),
          table(
            "All look-ups by group and outcome",
            ["Group", "Outcome", "Look-ups"],
            ctx.data.allLookups(r).map((row) => [String(row.group), String(row.outcome), num(row.n)]),
            "The agents sent no counts (agents older than schema version 2 send totals only).",
          ),
          table(
            "Blocked look-ups by group",
            ["Group", "Blocked"],
            lookupsBy(counts, "group", "blocked").map((g) => [g.key, g.n]),
            "Nothing was blocked.",
          ),
          table(
            "Most blocked addresses",
            ["Address", "Category", "Blocked look-ups"],
            ctx.data
              .topNames(r, "blocked", 20)
              .map((n) => [
                maskLockedName(String(n.name), String(n.categories ?? "").split(","), ctx.taxonomy, false),
                categoryName(ctx, n.category),
                num(n.n),
              ]),
            "Nothing was blocked.",
          ),
          table(
            "Circumvention attempts by kind",
            ["Kind", "Attempts"],
            circumvention.map((c) => [categoryName(ctx, c.key as string), num(c.n)]),
            "No attempt to get round the filter was seen.",
          ),
        ],
      },
      {
        heading: "Changes to the filtering policy",
        explanation: "Every change to what is blocked or allowed, with who made it and why.",
        items: [policyChangesTable(ctx, changes, "minute", "The filtering policy was not changed this week.")],
      },
      filterCheckSection(ctx),
      reviewRequestsSection(ctx),
    ],
  };
}
