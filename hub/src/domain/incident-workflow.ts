import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import { YES_NO_UNSURE, type YesNoUnsure } from "./incident-kinds.ts";

/** The response flow of the e-safety policies, as states. */
export const INCIDENT_STATES = [
  "new",
  "triaged",
  "escalated",
  "actions",
  /** A referral is with the police, social care or the LADO: the school waits for their outcome. */
  "awaiting-authorities",
  "review",
  "closed",
  "false-positive",
  "no-further-action",
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Where a response ends: the incident is no longer open, and past its retention it may be deleted. */
export const TERMINAL_STATES: readonly IncidentState[] = ["closed", "false-positive", "no-further-action"];

export function isTerminalState(state: string): boolean {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

/** `('closed', ...)` for a store's `state IN` clause: constants of this closed set, so safe to inline. */
export const TERMINAL_STATES_SQL = `(${TERMINAL_STATES.map((state) => `'${state}'`).join(", ")})`;

/** Where each state may go. Closing is the DSL's sign-off and needs a review first; a closed incident can be reopened. */
export const TRANSITIONS: Record<IncidentState, readonly IncidentState[]> = {
  new: ["triaged", "escalated", "false-positive", "no-further-action"],
  triaged: ["escalated", "actions", "review", "false-positive", "no-further-action"],
  escalated: ["actions", "awaiting-authorities", "review"],
  actions: ["escalated", "awaiting-authorities", "review"],
  "awaiting-authorities": ["actions", "review"],
  review: ["actions", "closed"],
  closed: ["triaged"],
  "false-positive": ["triaged"],
  "no-further-action": ["triaged"],
};

/** Who a concern can be referred to. `parents-carers` stays for records made before parents had an entry of their own. */
export const AGENCIES = [
  "police",
  "ceop",
  "iwf",
  "childrens-social-care",
  "adult-social-care",
  "local-authority",
  "mash",
  "lado",
  "prevent-channel",
  "nspcc",
  "childline",
  "report-harmful-content",
  "school-escalation",
  "parents-carers",
] as const;
export type Agency = (typeof AGENCIES)[number];

/** Whether parents or carers were told: "decided not to" (it would put the child at risk) needs a reason. */
export const PARENTS_INFORMED = ["yes", "not-yet", "decided-not"] as const;

export const ACTION_KINDS = ["website-blocked", "evidence-preserved", "sanction", "user-informed", "other"] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();
/** A moment with its offset (UTC or local with +01:00): stored as given, shown in the site's zone. */
const instant = z.iso.datetime({ offset: true });
/** The flowchart's questions: yes / no / unsure; true and false (older clients) mean yes and no. */
const yesNoUnsure = z.union([
  z.enum(YES_NO_UNSURE),
  z.boolean().transform((value): YesNoUnsure => (value ? "yes" : "no")),
]);

/** Every entry a person can add to an incident's record. Nothing is edited: a correction is an entry too. */
export const incidentEntrySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("transition"), to: z.enum(INCIDENT_STATES), note: text(4000).optional() }),
  z.strictObject({
    kind: z.literal("details"),
    reportedBy: text(200),
    reportedTo: text(200),
    description: text(8000),
    illegalMaterial: yesNoUnsure,
    immediateRisk: yesNoUnsure,
  }),
  z.strictObject({ kind: z.literal("regrade"), severity: z.enum(SEVERITIES_MOST_SEVERE_FIRST), reason: text(2000) }),
  z.strictObject({
    kind: z.literal("referral"),
    agency: z.enum(AGENCIES),
    /** When the referral was made, to the minute. */
    at: instant,
    reference: text(200).optional(),
    contact: text(200).optional(),
    note: text(4000).optional(),
  }),
  z.strictObject({
    kind: z.literal("referral-outcome"),
    /** The referral entry this is the outcome of. */
    ofSeq: z.number().int().positive(),
    outcome: text(4000),
    at: instant,
  }),
  z.strictObject({
    kind: z.literal("parents-informed"),
    status: z.enum(PARENTS_INFORMED),
    at: instant.optional(),
    reason: text(4000).optional(),
  }),
  z.strictObject({ kind: z.literal("action"), action: z.enum(ACTION_KINDS), date, detail: text(4000) }),
  z.strictObject({ kind: z.literal("review"), result: text(8000), sanctions: text(4000) }),
  z.strictObject({ kind: z.literal("note"), text: text(8000) }),
  z.strictObject({
    kind: z.literal("correction"),
    /** The entry this corrects; it stays in the record, marked as corrected. */
    ofSeq: z.number().int().positive(),
    reason: text(2000),
  }),
]);
export type IncidentEntryInput = z.infer<typeof incidentEntrySchema>;

interface Entry {
  seq: number;
  at: string;
  by: string;
  kind: string;
  body: Record<string, unknown>;
}

/** The incident's record folded into its current form: the latest details, live referrals and actions, sign-off. */
export function foldEntries(entries: readonly Entry[]) {
  const corrected = new Map<number, Entry>();
  for (const entry of entries) if (entry.kind === "correction") corrected.set(entry.body.ofSeq as number, entry);
  const live = entries.filter((entry) => !corrected.has(entry.seq));
  const last = (kind: string) => live.filter((entry) => entry.kind === kind).at(-1) ?? null;
  const closing = live.filter((e) => e.kind === "transition" && e.body.to === "closed").at(-1) ?? null;
  return {
    /** The concern as the person who raised it reported it (reported incidents only). */
    reported: live.find((entry) => entry.kind === "reported") ?? null,
    details: last("details"),
    review: last("review"),
    referrals: live.filter((entry) => entry.kind === "referral"),
    referralOutcomes: live.filter((entry) => entry.kind === "referral-outcome"),
    parents: last("parents-informed"),
    actions: live.filter((entry) => entry.kind === "action"),
    signedOff: closing ? { by: closing.by, at: closing.at } : null,
    corrections: [...corrected.values()],
  };
}
