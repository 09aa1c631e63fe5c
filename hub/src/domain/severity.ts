import { SEVERITIES_LOWEST_FIRST, type Severity } from "@fenceline/shared";

export type { Severity };

/** 0 for info up to 4 for critical: comparable grades. */
export function severityRank(severity: Severity): number {
  return SEVERITIES_LOWEST_FIRST.indexOf(severity);
}

/** One grade up, critical staying critical. */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITIES_LOWEST_FIRST[Math.min(SEVERITIES_LOWEST_FIRST.length - 1, severityRank(severity) + 1)] as Severity;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
