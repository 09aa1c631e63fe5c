import type { ReportedKind, YesNoUnsure } from "./incident-kinds.ts";
import type { IncidentRules } from "./incident-rules.ts";
import type { Severity } from "./severity.ts";

/** The flowchart's two questions, as the person reporting answered them. */
export interface ReportAnswers {
  immediateRisk: YesNoUnsure;
  illegalMaterial: YesNoUnsure;
}

/**
 * The grade a reported concern opens at: its kind's, from the rules' `reported` table, and
 * critical when someone is at immediate risk or the material is illegal. `atOnce` says the DSL
 * must hear now, out of hours too: the same two answers.
 */
export function gradeReport(
  rules: IncidentRules["reported"],
  kind: ReportedKind,
  answers: ReportAnswers,
): { severity: Severity; atOnce: boolean } {
  const atOnce = answers.immediateRisk === "yes" || answers.illegalMaterial === "yes";
  return { severity: atOnce ? "critical" : (rules.kinds[kind] ?? rules.otherwise), atOnce };
}
