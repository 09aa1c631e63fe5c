import type { ReportItem, ReportSection } from "../domain/report-document.ts";
import type { CheckRun } from "../store/filter-check-store.ts";
import { categoryName, type ReportContext, range, siteDay, siteName, table, timeColumn } from "./report-context.ts";

/** How many of the runs ended each way. */
export function checkTally(runs: readonly CheckRun[]) {
  const count = (status: CheckRun["status"]) => runs.filter((run) => run.status === status).length;
  return { runs: runs.length, passed: count("passed"), failed: count("failed"), missed: count("missed") };
}

/** Every site's runs requested in the report's period, oldest first. */
export function periodChecks(ctx: ReportContext, period = ctx.period): CheckRun[] {
  const r = range(ctx, period);
  return ctx.sites.flatMap((site) => ctx.filterChecks(site.id, r.from, r.to));
}

/** What a failed item tested, without its name: a category, or the kind of check. */
const testedWhat = (ctx: ReportContext, item: CheckRun["items"][number]) =>
  item.category === null ? item.kind : categoryName(ctx, item.category);

function tallyFigures(runs: readonly CheckRun[]): ReportItem {
  const t = checkTally(runs);
  return {
    kind: "figures",
    figures: [
      { label: "Filtering checks run", value: t.runs },
      { label: "Passed", value: t.passed },
      { label: "Failed", value: t.failed },
      { label: "Missed (no answer)", value: t.missed },
    ],
  };
}

/**
 * The weekly ICT report's filtering checks: the period's runs by outcome and each failed item by
 * site, agent, group and category. No names at all: stored reports are read by the board too,
 * and a locked category's canaries are confidential.
 */
export function filterCheckSection(ctx: ReportContext): ReportSection {
  const runs = periodChecks(ctx);
  const rows = runs
    .filter((run) => run.status === "failed")
    .flatMap((run) =>
      run.items
        .filter((item) => !item.pass)
        .map((item) => [
          siteDay(ctx, run.siteId, run.requestedAt),
          siteName(ctx, run.siteId),
          run.agentName,
          item.group,
          testedWhat(ctx, item),
          item.expected,
          item.outcome,
        ]),
    );
  return {
    heading: "Filtering checks",
    explanation:
      "Each site's agents test the filter on a schedule, for every group: sample names of each category the group blocks, and of every UK Safer Internet Centre heading its kind must block, must be blocked; safe search enforced, circumvention refused and popular sites left open. A missed check is one the agent did not answer within two hours.",
    items: [
      tallyFigures(runs),
      table(
        "Failures",
        [timeColumn(ctx, "Date"), "Site", "Agent", "Group", "Category", "Expected", "Got"],
        rows,
        "No check failed.",
      ),
    ],
  };
}

/** The annual review's filtering check figures: the year's runs by outcome and the categories that ever failed. */
export function filterCheckYearItems(ctx: ReportContext): ReportItem[] {
  const runs = periodChecks(ctx);
  const failedCategories = new Set(
    runs.flatMap((run) => run.items.filter((item) => !item.pass).map((item) => testedWhat(ctx, item))),
  );
  return [
    tallyFigures(runs),
    table(
      "Filtering check categories that ever failed",
      ["Category or check"],
      [...failedCategories].sort().map((what) => [what]),
      "No filtering check failed this year.",
    ),
  ];
}

/** The board's one line: how many checks ran in the quarter and whether they all passed. */
export function filterCheckStatement(ctx: ReportContext): ReportItem {
  const t = checkTally(periodChecks(ctx));
  if (t.failed === 0 && t.missed === 0)
    return {
      kind: "statement",
      status: t.runs > 0 ? "ok" : "attention",
      text: t.runs > 0 ? `Filtering checks: ${t.runs} run, all passed.` : "Filtering checks: none ran this quarter.",
    };
  const missed = t.missed > 0 ? `, ${t.missed} missed` : "";
  return {
    kind: "statement",
    status: "attention",
    text: `Filtering checks: ${t.runs} run, ${t.failed} failed${missed} — see the weekly reports.`,
  };
}
