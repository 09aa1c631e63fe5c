import type { ReportItem } from "../domain/report-document.ts";
import type { ReviewAction } from "../store/annual-review-store.ts";
import { type ReportContext, siteName, table } from "./report-context.ts";

/** A site's last annual review record before a year, with its actions. */
export type PreviousReview = { year: number; actions: ReviewAction[] } | null;

/** The year a report reviews: the one its period ends in. */
export function reviewYear(ctx: ReportContext): number {
  return new Date(ctx.period.to.getTime() - 1).getUTCFullYear();
}

/**
 * The actions agreed at each site's previous annual review and not yet done: they carry into this
 * year's review, so the pack lists them for the meeting to follow up.
 */
export function carriedActionsTable(ctx: ReportContext): ReportItem {
  const year = reviewYear(ctx);
  const rows = ctx.sites.flatMap((site) => {
    const previous = ctx.previousReview(site.id, year);
    if (!previous) return [];
    return previous.actions
      .filter((a) => a.status === "open")
      .map((a) => [siteName(ctx, site.id), a.what, a.owner, a.dueOn ?? "", String(previous.year)]);
  });
  return table(
    "Actions carried from last year's review, not yet done",
    ["Site", "Action", "Owner", "Due", "Agreed at the review of"],
    rows,
    "No action from an earlier review is still open.",
  );
}
