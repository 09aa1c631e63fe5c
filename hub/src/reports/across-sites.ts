import type { ReportItem } from "../domain/report-document.ts";
import type { ReportContext } from "./report-context.ts";

/**
 * What is the same at several of a report's sites is said once, naming them: a local authority's
 * 2,000 schools on one policy share one line, "All 2,000 sites — Adult content: covered", not
 * 2,000 lines. Lines and rows keep the order in which they first appear.
 */

/** The sites a line is about: "All 12 sites" when it is every site of the report (more than one), else their names. */
export function sitesLabel(ctx: ReportContext, names: readonly string[]): string {
  return names.length === ctx.sites.length && names.length > 1
    ? `All ${names.length.toLocaleString("en-GB")} sites`
    : names.join(", ");
}

/** "Hillside School — " (or "All 12 sites — ") before a line, when the report covers more than one site. */
export function sitesPrefix(ctx: ReportContext, names: readonly string[]): string {
  return ctx.sites.length > 1 ? `${sitesLabel(ctx, names)} — ` : "";
}

/** Statements, one per distinct status and text, each naming the sites it holds at. */
export function statementsAcrossSites(
  ctx: ReportContext,
  lines: readonly { site: string; status: "ok" | "attention"; text: string }[],
): ReportItem[] {
  return grouped(lines, (line) => `${line.status}\u0000${line.text}`).map(
    ({ first, sites }): ReportItem => ({
      kind: "statement",
      status: first.status,
      text: `${sitesPrefix(ctx, sites)}${first.text}`,
    }),
  );
}

/** Lines that always name their sites ("Hillside School: …"), one per distinct text. */
export function linesAcrossSites(ctx: ReportContext, lines: readonly { site: string; text: string }[]): string[] {
  return grouped(lines, (line) => line.text).map(({ first, sites }) => `${sitesLabel(ctx, sites)}: ${first.text}`);
}

/** Table rows, one per distinct set of cells, the sites they hold at in the first column. */
export function rowsAcrossSites(
  ctx: ReportContext,
  rows: readonly { site: string; cells: (string | number)[] }[],
): (string | number)[][] {
  return grouped(rows, (row) => JSON.stringify(row.cells)).map(({ first, sites }) => [
    sitesLabel(ctx, sites),
    ...first.cells,
  ]);
}

function grouped<T extends { site: string }>(items: readonly T[], key: (item: T) => string) {
  return [...Map.groupBy(items, key).values()].map((group) => ({
    first: group[0] as T,
    sites: group.map((item) => item.site),
  }));
}
