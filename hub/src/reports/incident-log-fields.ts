import { incidentKindLabel } from "../domain/incident-kinds.ts";
import { foldEntries } from "../domain/incident-workflow.ts";

/** One entry of an incident's record, its body parsed. */
export interface LogEntry {
  seq: number;
  at: string;
  by: string;
  kind: string;
  body: Record<string, unknown>;
}

/** The incident's own columns the log reads (a report store row, or an IncidentRow). */
export interface LogIncident {
  id: number;
  source: string;
  kind: string;
  category: string;
  severity: string;
  state: string;
  illegal: boolean;
  openedAt: string;
  firstSeen: string;
  eventCount: number;
  clientAddress: string;
  hostname: string | null;
  submittedBy: string | null;
  /** Who was behind it, when the hub knew: named in the "who was involved" column. */
  person?: { name: string; yearGroup: string | null; tutorGroup: string | null } | null;
}

/** "Pat Pupil (Year 9, 9B)": a person as the log names them. */
export function personLabel(person: NonNullable<LogIncident["person"]>): string {
  const groups = [person.yearGroup, person.tutorGroup].filter(Boolean).join(", ");
  return groups ? `${person.name} (${groups})` : person.name;
}

/** How the log prints what is not plain text: a time in the site's zone, labelled; a category's name. */
export interface LogFormat {
  time: (iso: string) => string;
  category: (id: string) => string;
  agency: (id: string) => string;
}

/** The columns of the e-safety incident log form, in order; the date column's header names the zone. */
export const INCIDENT_LOG_COLUMNS = [
  ["when", "Date and time"],
  ["id", "Incident"],
  ["source", "Source"],
  ["kind", "Kind"],
  ["category", "Category"],
  ["involved", "Who was involved"],
  ["reportedBy", "Reported by"],
  ["reportedAt", "Reported on"],
  ["reportedTo", "Reported to"],
  ["whatHappened", "What happened"],
  ["severity", "Severity"],
  ["illegal", "Illegal material"],
  ["immediateRisk", "Immediate risk"],
  ["actionTaken", "Action taken"],
  ["parents", "Parents / carers informed"],
  ["reviewResult", "Review result"],
  ["reviewer", "Reviewed by"],
  ["reviewedAt", "Reviewed on"],
  ["sanctions", "Sanctions"],
  ["state", "State"],
  ["signedOffBy", "Signed off by"],
  ["signedOffAt", "Signed off on"],
] as const;
export type IncidentLogField = (typeof INCIDENT_LOG_COLUMNS)[number][0];

const ACTION_WORDS: Record<string, string> = {
  "website-blocked": "Website blocked",
  "evidence-preserved": "Evidence preserved",
  sanction: "Sanction",
  "user-informed": "User informed",
  other: "Other action",
};

/** A string field of a body stored by whichever version of the reporting form: absent, empty or not text gives "". */
function text(body: Record<string, unknown> | undefined, ...keys: string[]): string {
  for (const key of keys) {
    const value = body?.[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return "";
}

/** yes / no / unsure, or true / false from records made before "unsure". */
function yesNo(value: unknown): string {
  if (value === true) return "yes";
  if (value === false) return "no";
  return typeof value === "string" ? value : "";
}

/** Who a reported concern is about: its text, or its subject ("person", "group", ...) with any detail. */
function concerns(body: Record<string, unknown> | undefined): string {
  const value = body?.concerns;
  if (typeof value === "string") return value.trim();
  if (value && typeof value === "object") {
    const parts = value as Record<string, unknown>;
    const subject = text(parts, "subject", "kind");
    const detail = text(parts, "detail", "description", "name", "text");
    return [subject, detail].filter(Boolean).join(": ");
  }
  return text(body, "subject", "about");
}

/** The actions and referrals of the record, in words, oldest first. */
function actionsTaken(record: ReturnType<typeof foldEntries>, format: LogFormat): string {
  const actions = record.actions.map((a) => {
    const what = ACTION_WORDS[String(a.body.action)] ?? String(a.body.action);
    const date = text(a.body, "date");
    const detail = text(a.body, "detail");
    return `${what}${date ? ` on ${date}` : ""}${detail ? `: ${detail}` : ""}`;
  });
  const referrals = record.referrals.map((r) => {
    const agency = format.agency(String(r.body.agency));
    // Referrals recorded before they had a time carry only a date.
    const at = text(r.body, "at");
    const when = at ? format.time(at) : text(r.body, "date");
    const extra = [text(r.body, "reference") && `ref ${text(r.body, "reference")}`, text(r.body, "contact")]
      .filter(Boolean)
      .join(", ");
    const outcome = record.referralOutcomes.filter((o) => o.body.ofSeq === r.seq).at(-1);
    const result = outcome
      ? `; outcome: ${text(outcome.body, "outcome")}${text(outcome.body, "at") ? ` (${format.time(text(outcome.body, "at"))})` : ""}`
      : "; outcome awaited";
    return `Referred to ${agency}${when ? ` on ${when}` : ""}${extra ? ` (${extra})` : ""}${result}`;
  });
  return [...actions, ...referrals].join("; ");
}

function parentsInformed(record: ReturnType<typeof foldEntries>, format: LogFormat): string {
  const body = record.parents?.body;
  if (!body) return "";
  const at = text(body, "at");
  switch (body.status) {
    case "yes":
      return at ? `yes, ${format.time(at)}` : "yes";
    case "not-yet":
      return "not yet";
    case "decided-not":
      return `decided not to: ${text(body, "reason") || "no reason given"}`;
    default:
      return String(body.status ?? "");
  }
}

/**
 * One incident as one line of the e-safety incident log: its own columns, and its record folded
 * (corrected entries left out; the latest details, review and parents' entry count). A reported
 * concern reads who it concerns, who reported it and what happened from the `reported` entry,
 * unless the DSL's details entry says otherwise.
 */
export function incidentLogFields(
  incident: LogIncident,
  entries: readonly LogEntry[],
  format: LogFormat,
): Record<IncidentLogField, string | number> {
  const record = foldEntries(entries);
  const reported = record.reported?.body;
  const details = record.details?.body;
  const review = record.review;
  const fromFilter = incident.source !== "report";
  const signedOff = incident.state === "closed" ? record.signedOff : null;
  return {
    when: format.time(text(reported, "happenedAt", "occurredAt") || incident.firstSeen),
    id: incident.id,
    source: fromFilter ? "filter" : "reported",
    kind: incidentKindLabel(incident.kind),
    category: incident.category ? format.category(incident.category) : "",
    involved: !fromFilter
      ? concerns(reported)
      : incident.person
        ? personLabel(incident.person)
        : `${incident.clientAddress}${incident.hostname ? ` (${incident.hostname})` : ""}`,
    reportedBy:
      text(details, "reportedBy") ||
      text(reported, "reportedBy") ||
      (fromFilter ? "Fenceline (automatic)" : (incident.submittedBy ?? "")),
    reportedAt: format.time(record.reported?.at ?? incident.openedAt),
    reportedTo: text(details, "reportedTo") || text(reported, "reportedTo"),
    whatHappened:
      text(details, "description") ||
      text(reported, "whatHappened", "description", "what") ||
      (fromFilter ? `${incident.eventCount} attempt(s) to reach ${format.category(incident.category)} content` : ""),
    severity: incident.severity,
    illegal: yesNo(details?.illegalMaterial ?? reported?.illegalMaterial ?? (incident.illegal ? true : undefined)),
    immediateRisk: yesNo(details?.immediateRisk ?? reported?.immediateRisk),
    actionTaken: actionsTaken(record, format),
    parents: parentsInformed(record, format),
    reviewResult: text(review?.body, "result"),
    reviewer: review?.by ?? "",
    reviewedAt: review ? format.time(review.at) : "",
    sanctions: text(review?.body, "sanctions"),
    state: incident.state,
    signedOffBy: signedOff?.by ?? "",
    signedOffAt: signedOff ? format.time(signedOff.at) : "",
  };
}
