import type { Agency, foldEntries, IncidentState } from "./incident-workflow.ts";
import { AGENCIES, isTerminalState } from "./incident-workflow.ts";
import type { IncidentFlow } from "./response-flow.ts";
import type { Permission } from "./roles.ts";

/** The steps of the response flow, in the order a DSL meets them. */
export const GUIDED_STEPS = [
  "triage",
  "questions",
  "refer-and-act",
  "awaiting",
  "review",
  "sign-off",
  "waiting-for-dsl",
  "ended",
  "read-only",
] as const;
export type GuidedStepId = (typeof GUIDED_STEPS)[number];

/** One form of a step, as data: the page draws it; the first form of a step is its primary one. */
export type StepForm =
  | { kind: "triage"; choices: IncidentState[] }
  | { kind: "details" }
  | { kind: "referral"; agencies: Agency[] }
  | { kind: "parents-informed" }
  | { kind: "action" }
  | { kind: "move-on"; to: IncidentState; label: string }
  | { kind: "referral-outcome"; ofSeq: number }
  | { kind: "review" }
  | { kind: "sign-off" }
  | { kind: "reopen" };

export interface GuidedStep {
  id: GuidedStepId;
  /** A short heading: what this step is. */
  heading: string;
  /** What the policy says at this step, in plain words; the flow's warnings come first. */
  guidance: string[];
  /** The step's forms, the primary one first; none when the actor has nothing to do here. */
  forms: StepForm[];
}

export interface GuidedStepInput {
  incident: { state: string; severity: string; kind: string; source: string; illegal: boolean };
  record: ReturnType<typeof foldEntries>;
  flow: IncidentFlow;
  /** The states the workflow allows from here. */
  allowedTransitions: readonly IncidentState[];
  can: (permission: Permission) => boolean;
}

const yes = (value: unknown) => value === "yes" || value === true;

/** The next step of the flow for this actor: its heading, the policy's words, and the form(s) to fill in. */
export function guidedStep(input: GuidedStepInput): GuidedStep {
  const step = stepFor(input);
  return { ...step, guidance: [...input.flow.warnings, ...step.guidance] };
}

function stepFor(input: GuidedStepInput): GuidedStep {
  const { incident, record, flow, allowedTransitions, can } = input;
  const state = incident.state as IncidentState;
  if (isTerminalState(state)) return ended(state, can("incidents:sign-off"));
  if (!can("incidents:write"))
    return { id: "read-only", heading: `This incident is ${state}`, guidance: [READ_ONLY], forms: [] };
  if (state === "new") return triage(allowedTransitions);
  if (state === "review") {
    if (!record.review) return review();
    if (can("incidents:sign-off"))
      return {
        id: "sign-off",
        heading: "Sign off",
        guidance: [...SIGN_OFF, ...needs(flow)],
        forms: [{ kind: "sign-off" }],
      };
    return { id: "waiting-for-dsl", heading: "Waiting for the DSL's sign-off", guidance: WAITING_FOR_DSL, forms: [] };
  }
  if (state === "awaiting-authorities") {
    if (flow.awaitingReferral !== null)
      return {
        id: "awaiting",
        heading: "Awaiting the authorities",
        guidance: AWAITING,
        // The school still acts while it waits: parents or carers, evidence, sanctions.
        forms: [{ kind: "referral-outcome", ofSeq: flow.awaitingReferral }, ...ACTS_WHILE_WAITING],
      };
    return {
      id: "awaiting",
      heading: "The authorities' outcome is recorded",
      guidance: ["The authorities have given their outcome. Move on to review the incident."],
      forms: moveOn(allowedTransitions, ["review", "actions"]),
    };
  }
  if (!record.details) return questions();
  return referAndAct(input);
}

const ACTS_WHILE_WAITING: StepForm[] = [{ kind: "parents-informed" }, { kind: "action" }];

function triage(allowed: readonly IncidentState[]): GuidedStep {
  const choices = (["triaged", "false-positive", "no-further-action"] as const).filter((s) => allowed.includes(s));
  return {
    id: "triage",
    heading: "Triage: is this a real concern?",
    guidance: TRIAGE,
    forms: [{ kind: "triage", choices }],
  };
}

function questions(): GuidedStep {
  return {
    id: "questions",
    heading: "What happened, and the two questions",
    guidance: QUESTIONS,
    forms: [{ kind: "details" }],
  };
}

function referAndAct({ incident, record, flow, allowedTransitions }: GuidedStepInput): GuidedStep {
  const details = record.details?.body ?? {};
  const guidance = [
    ...(yes(details.immediateRisk) ? [IMMEDIATE_RISK] : []),
    ...(yes(details.illegalMaterial) ? [ILLEGAL] : []),
    ...(flow.offers.includes("lado") ? [LADO] : []),
    ...REFER_AND_ACT,
  ];
  const agencies = [...flow.offers, ...AGENCIES.filter((agency) => !flow.offers.includes(agency))];
  const acts: StepForm[] = [{ kind: "referral", agencies }, { kind: "parents-informed" }, { kind: "action" }];
  // A referral made and not answered: the school now waits for the authorities (through "escalated" when
  // the workflow cannot go there straight away).
  const next =
    flow.awaitingReferral !== null
      ? moveOn(allowedTransitions, ["awaiting-authorities", "escalated"])
      : moveOn(allowedTransitions, ["review"]);
  // The authorities have answered (the rules moved the incident back to actions): moving on comes first.
  if (incident.state === "actions" && flow.awaitingReferral === null && record.referralOutcomes.length > 0)
    return {
      id: "refer-and-act",
      heading: "The authorities' outcome is recorded",
      guidance: ["The authorities have given their outcome. Record anything still to do, then move on to review."],
      forms: [...next, ...acts],
    };
  const forms = flow.awaitingReferral !== null ? [...next, ...acts] : [...acts, ...next];
  return { id: "refer-and-act", heading: "Refer and act", guidance, forms };
}

const MOVE_ON_LABELS: Partial<Record<IncidentState, string>> = {
  "awaiting-authorities": "The referral is made: wait for the authorities",
  escalated: "The referral is made: escalate the incident",
  review: "Everything is done: move on to review",
  actions: "More actions are needed",
};

/** A button to the first of `to` the workflow allows from here. */
function moveOn(allowed: readonly IncidentState[], to: IncidentState[]): StepForm[] {
  const target = to.find((state) => allowed.includes(state));
  return target ? [{ kind: "move-on", to: target, label: MOVE_ON_LABELS[target] ?? `Move to ${target}` }] : [];
}

function review(): GuidedStep {
  return { id: "review", heading: "Review", guidance: REVIEW, forms: [{ kind: "review" }] };
}

function needs(flow: IncidentFlow): string[] {
  return flow.closingNeeds.length
    ? [`Before it can be closed, the record still needs ${flow.closingNeeds.join("; ")}.`]
    : [];
}

function ended(state: IncidentState, mayReopen: boolean): GuidedStep {
  const heading =
    state === "closed"
      ? "Closed"
      : state === "false-positive"
        ? "Closed as a false positive"
        : "Closed: no further action";
  const guidance = [
    mayReopen
      ? "The response is over. If something new comes to light, reopen it with a reason."
      : "The response is over. Only the DSL can reopen it.",
  ];
  return { id: "ended", heading, guidance, forms: mayReopen ? [{ kind: "reopen" }] : [] };
}

const READ_ONLY = "You can read this incident; the DSL and deputies act on it.";
const TRIAGE = [
  "Look at what was flagged or reported and decide whether it is a real concern.",
  "If it is not, close it as a false positive or no further action and say why: the reason stays in the record.",
];
const QUESTIONS = [
  "Record who reported it, who it was reported to, and what happened, in their words where you can.",
  "Answer the flowchart's questions: is there illegal material, and is anyone at immediate risk?",
];
const IMMEDIATE_RISK =
  "There is an immediate risk: contact the police or children's social care now, and record the referral with its time.";
const ILLEGAL = "Illegal material: report it to the police, CEOP or the IWF, and secure the evidence.";
const LADO = "This is a concern about a member of staff: refer it to the LADO, not through the general DSL process.";
const REFER_AND_ACT = [
  "Record every referral with the date and time it was made.",
  "Inform parents or carers unless that would put the child at risk; if you decide not to, record why.",
  "Record each action taken. When everything is done, move on to review.",
];
const AWAITING = [
  "Allow the authorities to complete their investigation: do not investigate yourself or speak to those involved about it.",
  "When the authorities give their outcome, record it here with its date and time.",
];
const REVIEW = [
  'Review the response: what was done, what was learnt, and any sanctions (write "None" if there are none).',
];
const SIGN_OFF = ["The DSL signs the incident off: closing it ends the response."];
const WAITING_FOR_DSL = [
  "The review is recorded. Closing an incident is the DSL's sign-off: a deputy cannot close it.",
];
