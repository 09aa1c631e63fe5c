import type { Taxonomy } from "@fenceline/shared";
import type { IncidentRules } from "./incident-rules.ts";
import { type Severity, severityRank } from "./severity.ts";

/** The parts of a stored event that decide whether, and how, it becomes an incident. */
export interface GradableEvent {
  outcome: string;
  categories: readonly string[];
  monitored: readonly string[];
  locked: boolean;
}

export interface Grade {
  category: string;
  severity: Severity;
  /** A locked (illegal-content) category: critical, alerted at once, never throttled. */
  illegal: boolean;
  circumvention: boolean;
}

/** Outcomes whose categories are what the client tried to reach; allowed lookups count by their monitored categories. */
const BLOCKING_OUTCOMES = new Set(["blocked", "circumvention"]);
const ALLOWED_OUTCOMES = new Set(["resolved", "cached"]);

/**
 * The incident a flagged lookup calls for, or null when it is report-only (safe search, distraction
 * categories, info). Of several categories the gravest wins; a locked one always does.
 */
export function gradeEvent(event: GradableEvent, taxonomy: Taxonomy, rules: IncidentRules): Grade | null {
  const categories = BLOCKING_OUTCOMES.has(event.outcome)
    ? event.categories
    : ALLOWED_OUTCOMES.has(event.outcome)
      ? event.monitored
      : [];
  let best: Grade | null = null;
  for (const id of categories) {
    const category = taxonomy.byId.get(id);
    if (!category) continue;
    if (category.locked) return { category: id, severity: "critical", illegal: true, circumvention: false };
    const severity =
      rules.grades.categories[id] ?? rules.grades.classes[category.class] ?? (category.severity as Severity);
    const reportOnly =
      rules.reportOnly.classes.includes(category.class) && rules.grades.categories[id] === undefined
        ? true
        : rules.reportOnly.severities.includes(severity);
    if (reportOnly) continue;
    if (!best || severityRank(severity) > severityRank(best.severity)) {
      best = { category: id, severity, illegal: false, circumvention: category.class === "circumvention" };
    }
  }
  return best;
}
