import { HubError } from "../hub-error.ts";

/** What happened, or would happen, to one line of an import. */
export type ImportOutcome =
  | { line: number; action: "add" | "unchanged"; label: string }
  | { line: number; action: "update"; label: string; changed: string[] }
  | { line: number; action: "error"; message: string };

/** Lines shown in a preview; the counts cover them all. */
export const PREVIEW_LINES = 500;

export interface ImportReport {
  dryRun: boolean;
  counts: { add: number; update: number; unchanged: number; error: number };
  /** Every line in error, with its message: what the school fixes in its export. */
  errors: { line: number; message: string }[];
  /** The first lines' outcomes, for the preview table. */
  lines: ImportOutcome[];
}

export function importReport(dryRun: boolean, outcomes: ImportOutcome[]): ImportReport {
  const counts = { add: 0, update: 0, unchanged: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.action] += 1;
  return {
    dryRun,
    counts,
    errors: outcomes.flatMap((o) => (o.action === "error" ? [{ line: o.line, message: o.message }] : [])),
    lines: outcomes.slice(0, PREVIEW_LINES),
  };
}

/**
 * Refuses a mapping that names a column the file lacks, or that fills none of a group of fields
 * one of which is needed (a name, say).
 */
export function missingColumns(
  headers: readonly string[],
  mapping: Record<string, string | undefined>,
  needOneOf: readonly (readonly string[])[],
): void {
  const absent = Object.entries(mapping).filter(([, header]) => header !== undefined && !headers.includes(header));
  if (absent.length > 0)
    throw new HubError(
      "invalid-request",
      `line 1: the file has no column ${absent.map(([, header]) => `"${header}"`).join(", ")}`,
      absent.map(([field, header]) => `mapping.${field}: no column "${header}" in the header row`),
    );
  for (const group of needOneOf)
    if (!group.some((field) => mapping[field] !== undefined))
      throw new HubError("invalid-request", `map a column to ${group.join(" or ")}`);
}
