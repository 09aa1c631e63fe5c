import { type CategoryCoverage, coverageText } from "../domain/coverage.ts";
import type { ReportItem, ReportSection } from "../domain/report-document.ts";
import { rowsAcrossSites, statementsAcrossSites } from "./across-sites.ts";
import { type ReportContext, table } from "./report-context.ts";

/**
 * The headline categories of every site as statements computed from measured coverage: a gap is
 * "NOT COVERED" with its reason, flagged for attention; nothing is ok unless a list loaded with
 * entries. Only list ids and counts are printed, never a list's contents. A statement true at
 * several sites is made once, naming them.
 */
export function coverageStatements(ctx: ReportContext): ReportItem[] {
  return statementsAcrossSites(
    ctx,
    ctx.sites.flatMap((site) =>
      ctx
        .coverage(site.id)
        .filter((c) => c.headline)
        .map((c) => ({
          site: site.name,
          status: c.covered ? ("ok" as const) : ("attention" as const),
          text: `${c.category.name}: ${coverageText(c)}.`,
        })),
    ),
  );
}

/** Every category at every site, with what each group does with it: the full coverage table, a row shared by the sites it holds at. */
export function coverageTable(ctx: ReportContext, title = "Coverage by category"): ReportItem {
  return table(
    title,
    ["Sites", "Category", "Lists", "Working", "Coverage", "Groups"],
    rowsAcrossSites(
      ctx,
      ctx.sites.flatMap((site) =>
        ctx.coverage(site.id).map((c) => ({
          site: site.name,
          cells: [
            c.category.name,
            c.sources.length,
            working(c),
            coverageText(c),
            c.groups.map((g) => `${g.group}: ${g.action}`).join(", "),
          ],
        })),
      ),
    ),
    "No sites.",
  );
}

/** The weekly report's section: the headline gaps first, then the table. */
export function coverageSection(ctx: ReportContext): ReportSection {
  return {
    heading: "What the filter covers",
    explanation:
      "A category is covered only when a list for it is configured and the site's filter reports it loaded with entries. A licensed feed (IWF, CTIRU) that the site has not supplied leaves its category NOT COVERED.",
    items: [...coverageStatements(ctx), coverageTable(ctx)],
  };
}

/** Lists loaded with entries: what the annual review's "Working" column counts. */
export function working(c: CategoryCoverage): number {
  return c.sources.filter((s) => s.state === "loaded").length;
}
