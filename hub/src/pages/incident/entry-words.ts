import { when } from "../layout.ts";
import { ACTION_LABELS, AGENCY_LABELS, labelOf, PARENTS_LABELS, STATE_LABELS } from "./labels.ts";

interface Entry {
  seq: number;
  kind: string;
  body: Record<string, unknown>;
}

/** A stored yes / no / unsure answer (older records hold booleans). */
const answer = (value: unknown) => (value === true ? "yes" : value === false ? "no" : String(value ?? "not answered"));
const text = (value: unknown) => String(value ?? "").trim();
const sentence = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(" ");

/** What kind of entry it is, as a heading word. */
export const ENTRY_KIND_LABELS: Record<string, string> = {
  transition: "State change",
  details: "Details",
  regrade: "Re-grade",
  referral: "Referral",
  "referral-outcome": "Referral outcome",
  "parents-informed": "Parents / carers",
  action: "Action taken",
  review: "Review",
  note: "Note",
  correction: "Correction",
  reported: "Reported concern",
};

/** One entry of the record in words, times in the site's zone; an entry kind it does not know is listed field by field. */
export function entryInWords(entry: Entry, zone: string, agencyOf: (seq: number) => string = () => ""): string {
  const b = entry.body;
  switch (entry.kind) {
    case "transition":
      return sentence(`Moved to ${labelOf(STATE_LABELS, b.to)}.`, b.note ? `Reason: ${text(b.note)}` : null);
    case "details":
      return sentence(
        `Reported by ${text(b.reportedBy)} to ${text(b.reportedTo)}.`,
        `What happened: ${text(b.description)}`,
        `Illegal material: ${answer(b.illegalMaterial)}. Immediate risk: ${answer(b.immediateRisk)}.`,
      );
    case "regrade":
      return `Re-graded to ${text(b.severity)}. Reason: ${text(b.reason)}`;
    case "referral":
      return sentence(
        `Referred to ${labelOf(AGENCY_LABELS, b.agency)} at ${when(b.at as string, zone)}.`,
        b.reference ? `Reference ${text(b.reference)}.` : null,
        b.contact ? `Contact: ${text(b.contact)}.` : null,
        b.note ? text(b.note) : null,
      );
    case "referral-outcome":
      return sentence(
        `Outcome of referral #${text(b.ofSeq)}${agencyOf(Number(b.ofSeq)) ? ` (${agencyOf(Number(b.ofSeq))})` : ""},`,
        `given ${when(b.at as string, zone)}: ${text(b.outcome)}`,
      );
    case "parents-informed":
      return sentence(
        `Parents / carers informed: ${labelOf(PARENTS_LABELS, b.status)}.`,
        b.at ? `At ${when(b.at as string, zone)}.` : null,
        b.reason ? `Reason: ${text(b.reason)}` : null,
      );
    case "action":
      return `${labelOf(ACTION_LABELS, b.action)} on ${text(b.date)}: ${text(b.detail)}`;
    case "review":
      return `Review: ${text(b.result)} Sanctions: ${text(b.sanctions)}`;
    case "note":
      return text(b.text);
    case "correction":
      return `Entry #${text(b.ofSeq)} is wrong: ${text(b.reason)}`;
    default:
      return Object.entries(b)
        .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
        .join("; ");
  }
}
