import type { Agency, foldEntries } from "./incident-workflow.ts";
import { type ResponseRule, type ResponseRules, type RuleCondition, shippedResponseRules } from "./response-rules.ts";
import { type Severity, severityRank } from "./severity.ts";

/** Where an incident stands in the response flow, in the words a DSL reads on its page. */
export interface IncidentFlow {
  /** Said at every step, such as "do not view, copy or forward the material". */
  warnings: string[];
  /** What the record still lacks before the incident can be signed off; empty when nothing is missing. */
  closingNeeds: string[];
  /** Agencies the flow offers a referral to now, such as the LADO for a concern about a member of staff. */
  offers: Agency[];
  /** The referral to an authority (its entry number) whose outcome the school is waiting for, or null. */
  awaitingReferral: number | null;
  /** The names of the response rules that apply to the incident now, such as "immediate risk". */
  rules: string[];
}

export type FoldedRecord = ReturnType<typeof foldEntries>;
/** What the rules read of an incident: its kind, whether its category is a locked one, its grade. */
export interface RuledIncident {
  kind: string;
  illegal: boolean;
  severity?: Severity | string;
}
type Entry = FoldedRecord["referrals"][number];

const yes = (value: unknown) => value === "yes" || value === true;

/** The flowchart's answers: the latest details entry's, else the concern as it was reported. */
export function answersOf(record: FoldedRecord): { illegalMaterial: boolean; immediateRisk: boolean } {
  const body = record.details?.body ?? record.reported?.body ?? {};
  return { illegalMaterial: yes(body.illegalMaterial), immediateRisk: yes(body.immediateRisk) };
}

function holds(when: RuleCondition, incident: RuledIncident, record: FoldedRecord): boolean {
  const answers = answersOf(record);
  if (when.illegalMaterial && !answers.illegalMaterial) return false;
  if (when.immediateRisk && !answers.immediateRisk) return false;
  if (when.lockedCategory && !incident.illegal) return false;
  if (when.kinds && !(when.kinds as readonly string[]).includes(incident.kind)) return false;
  if (when.severityAtLeast) {
    if (!incident.severity || severityRank(incident.severity as Severity) < severityRank(when.severityAtLeast))
      return false;
  }
  return true;
}

/** The rules that apply to the incident with this record, in the order of the rules file. */
export function rulesFor(rules: ResponseRules, incident: RuledIncident, record: FoldedRecord): ResponseRule[] {
  return rules.rules.filter((rule) => holds(rule.when, incident, record));
}

/** The latest referral to an authority still waiting for its outcome. */
export function awaitedReferral(rules: ResponseRules, record: FoldedRecord): Entry | undefined {
  const answered = new Set(record.referralOutcomes.map((entry) => entry.body.ofSeq as number));
  return record.referrals
    .filter((entry) => (rules.authorities as string[]).includes(entry.body.agency as string))
    .filter((entry) => !answered.has(entry.seq))
    .at(-1);
}

const madeAtATime = (entry: Entry) => typeof entry.body.at === "string" && entry.body.at.includes("T");

/** What each applying rule still needs before the incident may end in `ending`, in its own words. */
export function unmetNeeds(
  applying: readonly ResponseRule[],
  record: FoldedRecord,
  ending: string,
): { rule: ResponseRule; needs: string[] }[] {
  const unmet: { rule: ResponseRule; needs: string[] }[] = [];
  for (const rule of applying) {
    if (!rule.closing?.endings.includes(ending)) continue;
    const needs = rule.closing.needs.filter((need) => {
      if ("referral" in need)
        return !record.referrals.some(
          (entry) =>
            (need.referral as string[]).includes(entry.body.agency as string) && (!need.withTime || madeAtATime(entry)),
        );
      if ("action" in need) return !record.actions.some((entry) => entry.body.action === need.action);
      return !record.review;
    });
    if (needs.length > 0) unmet.push({ rule, needs: needs.map((need) => need.need) });
  }
  return unmet;
}

/** Whether ending in `ending` needs a DSL's sign-off and a note, and the rules that say so. */
export function endingTerms(applying: readonly ResponseRule[], ending: string) {
  const binding = applying.filter((rule) => rule.endings?.states.includes(ending));
  return {
    signOff: binding.filter((rule) => rule.endings?.needsSignOff),
    note: binding.filter((rule) => rule.endings?.needsNote),
  };
}

/** The flow of one incident, from its kind, whether it is illegal content, its grade and its record. */
export function flowOf(
  incident: RuledIncident,
  record: FoldedRecord,
  rules: ResponseRules = shippedResponseRules(),
): IncidentFlow {
  const applying = rulesFor(rules, incident, record);
  const unique = <T>(values: T[]) => [...new Set(values)];
  return {
    warnings: unique(applying.flatMap((rule) => (rule.warning ? [rule.warning] : []))),
    closingNeeds: unique(unmetNeeds(applying, record, "closed").flatMap((unmet) => unmet.needs)),
    offers: unique(applying.flatMap((rule) => rule.offers)),
    awaitingReferral: awaitedReferral(rules, record)?.seq ?? null,
    rules: applying.map((rule) => rule.name),
  };
}
