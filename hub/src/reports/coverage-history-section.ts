import { HEADLINE_CATEGORIES } from "../domain/coverage.ts";
import type { ReportSection } from "../domain/report-document.ts";
import type { CoverageDays } from "../store/coverage-history-store.ts";
import { statementsAcrossSites } from "./across-sites.ts";
import { type ReportContext, siteDay } from "./report-context.ts";

const DAY_MS = 86_400_000;

/** Whole days from one local date to another ("2026-10-01" to "2026-10-03" is 2). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** The period at a site as local dates: its first and last day, and how many days. */
function periodDays(ctx: ReportContext, siteId: string) {
  const first = siteDay(ctx, siteId, ctx.period.from.toISOString());
  const last = siteDay(ctx, siteId, new Date(ctx.period.to.getTime() - 1).toISOString());
  return { first, last, count: daysBetween(first, last) + 1 };
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * "covered 88 of 91 days; no record for the 3 days before recording started": the covered days of
 * the period out of all its days, so a day without a record never counts as covered.
 */
export function coverageDaysText(days: CoverageDays | undefined, period: { first: string; count: number }): string {
  const covered = days?.covered ?? 0;
  const before = days ? Math.max(0, daysBetween(period.first, days.firstDay)) : period.count;
  const gaps = period.count - before - (days?.recorded ?? 0);
  return [
    `covered ${covered} of ${plural(period.count, "day")}`,
    ...(before > 0 ? [`no record for the ${plural(before, "day")} before recording started`] : []),
    ...(gaps > 0 ? [`no record for ${plural(gaps, "other day")}`] : []),
  ].join("; ");
}

/**
 * The board's view of coverage over the quarter, per site, for the locked and UKSIC headline
 * categories: on how many of the quarter's days each was covered, from the daily record the hub
 * keeps. Anything short of every day is flagged, as the coverage statements are.
 */
export function coverageHistorySection(ctx: ReportContext): ReportSection {
  const categories = ctx.taxonomy.categories.filter((c) => c.locked || HEADLINE_CATEGORIES.includes(c.id));
  const lines = ctx.sites.flatMap((site) => {
    const period = periodDays(ctx, site.id);
    const recorded = new Map(ctx.coverageDays(site.id, period.first, period.last).map((d) => [d.category, d]));
    return categories.map((category) => {
      const days = recorded.get(category.id);
      return {
        site: site.name,
        status: (days?.covered ?? 0) === period.count ? ("ok" as const) : ("attention" as const),
        text: `${category.name}: ${coverageDaysText(days, period)}.`,
      };
    });
  });
  const items = statementsAcrossSites(ctx, lines);
  return {
    heading: "Coverage over the quarter",
    explanation:
      "On how many days of the quarter each headline category was covered: a list configured and loaded with entries, as the hub recorded once a day. A day without a record is not counted as covered.",
    items,
  };
}
