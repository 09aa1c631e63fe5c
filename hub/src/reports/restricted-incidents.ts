import type { ReportItem } from "../domain/report-document.ts";
import type { ReportContext } from "./report-context.ts";

type Row = Record<string, string | number | null>;

/**
 * The rows of a report's reader may see in detail. A restricted incident (a concern about a
 * member of staff) is counted in every figure, but its line (who, what) appears only in the copy
 * of a reader on its route; the sites whose restricted lines a copy holds are noted in the
 * context, so the stored copy is shown only to readers on those routes.
 */
export function detailedRows<T extends Row>(ctx: ReportContext, rows: readonly T[]): { shown: T[]; hidden: number } {
  const shown: T[] = [];
  let hidden = 0;
  for (const row of rows) {
    if (Number(row.restricted ?? 0) !== 1) shown.push(row);
    else if (ctx.seesRestricted(String(row.siteId))) {
      ctx.restrictedShown.add(String(row.siteId));
      shown.push(row);
    } else hidden += 1;
  }
  return { shown, hidden };
}

/** "2 restricted concerns (details for their route only)", where lines were left out; nothing otherwise. */
export function restrictedNote(hidden: number): ReportItem[] {
  if (hidden === 0) return [];
  const text =
    hidden === 1
      ? "1 restricted concern (details for its route only)."
      : `${hidden} restricted concerns (details for their route only).`;
  return [{ kind: "statement", status: "ok", text }];
}
