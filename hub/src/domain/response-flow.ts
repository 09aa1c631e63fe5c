import { isRestrictedKind } from "./incident-kinds.ts";
import type { Agency, foldEntries } from "./incident-workflow.ts";

/** Where an incident stands in the response flow, in the words a DSL reads on its page. */
export interface IncidentFlow {
  /** Said at every step, such as "do not view, copy or forward the material". */
  warnings: string[];
  /** What the record still lacks before the incident can be signed off; empty when nothing is missing. */
  closingNeeds: string[];
  /** Agencies the flow offers a referral to now, such as the LADO for a concern about a member of staff. */
  offers: Agency[];
  /** The referral (its entry number) whose outcome the school is waiting for, or null. */
  awaitingReferral: number | null;
}

type Folded = ReturnType<typeof foldEntries>;
const yes = (value: unknown) => value === "yes" || value === true;

/** The flow of one incident, from its kind, whether it is illegal content, and its record. */
export function flowOf(incident: { kind: string; illegal: boolean }, record: Folded): IncidentFlow {
  const details = record.details?.body ?? {};
  const illegal = incident.illegal || yes(details.illegalMaterial);
  const answered = new Set(record.referralOutcomes.map((entry) => entry.body.ofSeq as number));
  const waiting = record.referrals.filter((entry) => !answered.has(entry.seq)).at(-1);
  return {
    warnings: illegal ? ["Do not view, copy or forward the material."] : [],
    closingNeeds: record.review ? [] : ["a review result and sanctions"],
    offers: isRestrictedKind(incident.kind) ? ["lado"] : [],
    awaitingReferral: waiting?.seq ?? null,
  };
}
