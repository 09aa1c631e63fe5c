import type { ReportSection } from "../domain/report-document.ts";
import type { ReviewRequest } from "../store/review-request-store.ts";
import { categoryName, percent, type ReportContext, range, table } from "./report-context.ts";

const HOUR_MS = 3_600_000;

const hours = (ms: number) => `${(ms / HOUR_MS).toFixed(1)} h`;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Unblock and "got through" requests of the period, for the weekly ICT report: how many came and
 * were decided, how long a decision took, and per category the over-block rate, the share of
 * decided unblock requests that were approved (the block was judged wrong). Counts only: the
 * names asked for are in the review queue, not in a report the board reads.
 */
export function reviewRequestsSection(ctx: ReportContext): ReportSection {
  const r = range(ctx);
  const all = ctx.sites.flatMap((site) => ctx.reviewRequests(site.id, r.from, r.to));
  const made = all.filter((q) => q.requestedAt >= r.from && q.requestedAt < r.to);
  const decided = all.filter((q) => q.decidedAt !== null && q.decidedAt >= r.from && q.decidedAt < r.to);
  const waits = decided.map((q) => Date.parse(q.decidedAt as string) - Date.parse(q.requestedAt));
  const middle = median(waits);
  const byCategory = new Map<string, ReviewRequest[]>();
  for (const q of [...new Set([...made, ...decided])])
    byCategory.set(q.category, [...(byCategory.get(q.category) ?? []), q]);
  const rows = [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, qs]) => {
      const unblocks = qs.filter((q) => q.kind === "unblock" && q.status !== "pending");
      const approved = unblocks.filter((q) => q.status === "approved").length;
      return [
        categoryName(ctx, category),
        qs.filter((q) => q.kind === "unblock").length,
        qs.filter((q) => q.kind === "block").length,
        qs.filter((q) => q.status === "approved").length,
        qs.filter((q) => q.status === "refused").length,
        qs.filter((q) => q.status === "pending").length,
        percent(approved, unblocks.length),
      ];
    });
  return {
    heading: 'Unblock and "got through" requests',
    explanation:
      "Requests to unblock a site (from the block page) and reports of sites that got through, and what was decided. The over-block rate of a category is the share of its decided unblock requests that were approved: a high rate means the category blocks things the school needs.",
    items: [
      {
        kind: "figures",
        figures: [
          { label: "Requests made", value: made.length },
          { label: "Decided", value: decided.length },
          { label: "Approved", value: decided.filter((q) => q.status === "approved").length },
          { label: "Refused", value: decided.filter((q) => q.status === "refused").length },
          { label: "Median time to decision", value: middle === null ? "–" : hours(middle) },
          { label: "Longest time to decision", value: waits.length ? hours(Math.max(...waits)) : "–" },
        ],
      },
      table(
        "Requests by category",
        ["Category", "Unblock", "Got through", "Approved", "Refused", "Pending", "Over-block rate"],
        rows,
        "No request was made or decided.",
      ),
    ],
  };
}
