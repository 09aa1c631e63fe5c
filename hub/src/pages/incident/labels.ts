import { INCIDENT_KIND_LABELS } from "../../domain/incident-kinds.ts";
import type { ACTION_KINDS, Agency, IncidentState, PARENTS_INFORMED } from "../../domain/incident-workflow.ts";

/** The words a DSL reads for the workflow's values; the stored values stay as they are. */
export const AGENCY_LABELS: Record<Agency, string> = {
  police: "Police",
  ceop: "CEOP (National Crime Agency)",
  iwf: "Internet Watch Foundation (IWF)",
  "childrens-social-care": "Children's social care",
  "adult-social-care": "Adult social care",
  "local-authority": "Local authority / safeguarding partnership",
  mash: "MASH (multi-agency safeguarding hub)",
  lado: "LADO (Local Authority Designated Officer)",
  "prevent-channel": "Prevent / Channel",
  nspcc: "NSPCC",
  childline: "Childline",
  "report-harmful-content": "Report Harmful Content",
  "school-escalation": "The school's own escalation",
  "parents-carers": "Parents / carers",
};

export const STATE_LABELS: Record<IncidentState, string> = {
  new: "New",
  triaged: "Triaged: a real concern",
  escalated: "Escalated",
  actions: "Actions being taken",
  "awaiting-authorities": "Awaiting the authorities",
  review: "In review",
  closed: "Closed (signed off)",
  "false-positive": "False positive",
  "no-further-action": "No further action",
};

export const ACTION_LABELS: Record<(typeof ACTION_KINDS)[number], string> = {
  "website-blocked": "Website blocked",
  "evidence-preserved": "Evidence preserved",
  sanction: "Sanction",
  "user-informed": "User informed",
  other: "Other",
};

export const PARENTS_LABELS: Record<(typeof PARENTS_INFORMED)[number], string> = {
  yes: "Yes, informed",
  "not-yet": "Not yet",
  "decided-not": "Decided not to inform (it would put the child at risk)",
};

/** The label of a stored value, or the value itself when it has none (older or newer records). */
export function labelOf(labels: Record<string, string>, value: unknown): string {
  return labels[String(value)] ?? String(value ?? "");
}

export const kindLabel = (kind: string) => labelOf(INCIDENT_KIND_LABELS, kind);
