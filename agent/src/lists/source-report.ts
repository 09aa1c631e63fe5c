import type { ListParseReport } from "@fenceline/shared";

/**
 * What compiling did with one source. `loaded` sources are in the snapshot; `not-configured` are
 * supplied feeds nobody has pointed at a licensed copy yet; `missing` and `failed` are errors.
 */
export interface SourceReport extends ListParseReport {
  id: string;
  status: "loaded" | "not-configured" | "missing" | "failed";
  error?: string;
  from?: string;
  bytes: number;
  version?: string;
  /** How many of the accepted names the list repeated. */
  duplicates: number;
}

export function emptyReport(id: string, status: SourceReport["status"], error?: string): SourceReport {
  return {
    id,
    status,
    error,
    bytes: 0,
    lines: 0,
    entries: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    reasons: {},
    samples: [],
  };
}

/** A source whose problems stop compilation (a missing supplied feed only warns). */
export function isFailure(report: SourceReport): boolean {
  return report.status === "missing" || report.status === "failed";
}
