import { type IncidentState, isTerminalState, TRANSITIONS } from "./incident-workflow.ts";
import {
  awaitedReferral,
  endingTerms,
  type FoldedRecord,
  type RuledIncident,
  rulesFor,
  unmetNeeds,
} from "./response-flow.ts";
import type { ResponseRules } from "./response-rules.ts";

/** A move from one state to another, by someone who may or may not sign incidents off. */
export interface Move {
  from: IncidentState;
  to: IncidentState;
  note?: string | undefined;
  /** The actor holds incidents:sign-off: a DSL, not a deputy. */
  canSignOff: boolean;
}

/** Why a move is refused, as a HubError code and plain words; null when it may be made. */
export interface Refusal {
  code: "conflict" | "forbidden" | "invalid-request";
  message: string;
  details?: unknown;
}

/** "closing an incident with illegal material", "ending a high or critical incident with \"no further action\"" */
function ending(to: string, about: string): string {
  if (to === "no-further-action") return `ending ${about} with "no further action"`;
  if (to === "false-positive") return `calling ${about} a false positive`;
  return `closing ${about}`;
}

/** The workflow's and the response rules' verdict on a state change. */
export function refusalOf(
  rules: ResponseRules,
  incident: RuledIncident,
  record: FoldedRecord,
  move: Move,
): Refusal | null {
  const { from, to, note, canSignOff } = move;
  if (!TRANSITIONS[from].includes(to))
    return {
      code: "conflict",
      message: `an incident in state "${from}" cannot move to "${to}"`,
      details: { allowed: TRANSITIONS[from] },
    };
  const awaited = awaitedReferral(rules, record);
  if (to === "awaiting-authorities" && !awaited)
    return {
      code: "conflict",
      message: "an incident waits for the authorities once a referral to them is recorded: add the referral",
    };
  if (from === "awaiting-authorities" && awaited) {
    const waiting = `the outcome of the referral to ${awaited.body.agency as string} (entry ${awaited.seq})`;
    if (!canSignOff)
      return {
        code: "forbidden",
        message: `the incident is waiting for ${waiting}: record that outcome, or a DSL moves it on with a reason`,
      };
    if (!note)
      return { code: "invalid-request", message: `moving on before ${waiting} is recorded needs a note saying why` };
  }
  const reopening = isTerminalState(from);
  if ((to === "closed" || reopening) && !canSignOff)
    return { code: "forbidden", message: "closing or reopening an incident is the DSL's sign-off" };
  if ((to === "false-positive" || to === "no-further-action" || reopening) && !note)
    return { code: "invalid-request", message: `moving to "${to}" needs a note saying why` };
  if (!isTerminalState(to)) return null;
  const applying = rulesFor(rules, incident, record);
  const terms = endingTerms(applying, to);
  const [signOff] = terms.signOff;
  if (signOff && !canSignOff)
    return { code: "forbidden", message: `${ending(to, signOff.about)} needs a DSL's sign-off, not a deputy's` };
  const [noted] = terms.note;
  if (noted && !note) return { code: "invalid-request", message: `${ending(to, noted.about)} needs a note saying why` };
  const unmet = unmetNeeds(applying, record, to);
  if (unmet.length > 0)
    return {
      code: "conflict",
      message: unmet.map(({ rule, needs }) => `${ending(to, rule.about)} needs ${needs.join(" and ")}`).join("; "),
      details: { needs: unmet.flatMap(({ needs }) => needs) },
    };
  return null;
}

/** The moves from the incident's state that this actor could make now (giving a note where one is needed). */
export function allowedMoves(
  rules: ResponseRules,
  incident: RuledIncident & { state: string },
  record: FoldedRecord,
  canSignOff: boolean,
): IncidentState[] {
  const from = incident.state as IncidentState;
  return (TRANSITIONS[from] ?? []).filter(
    (to) => refusalOf(rules, incident, record, { from, to, note: "given", canSignOff }) === null,
  );
}
