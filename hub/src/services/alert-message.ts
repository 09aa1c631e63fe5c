import type { Taxonomy } from "@fenceline/shared";
import { INCIDENT_KIND_LABELS, type IncidentKind } from "../domain/incident-kinds.ts";
import { formatLocalTime } from "../domain/local-time.ts";
import type { Severity } from "../domain/severity.ts";
import type { AlertMessage } from "./alert-sender.ts";

/** What an alert says of its incident: never the names looked up, never a person's identity. */
export interface AlertSubject {
  incidentId: number;
  incidentKind: string;
  siteName: string;
  category: string;
  severity: Severity;
  illegal: boolean;
  atOnce: boolean;
  /** The client's pseudonym and group, for the filter's incidents. */
  client: string | null;
  group: string | null;
  firstSeen: string;
  eventCount: number;
}

/** Why this alert is sent: a new or re-graded incident, or the next step of an unacknowledged one. */
export type AlertReason =
  | { kind: "raised" | "escalated"; suppressed: number }
  | { kind: "unacknowledged"; step: number; minutes: number };

export interface MessageContext {
  taxonomy: Taxonomy;
  zone: string;
  link: string;
}

/** The alert's subject and text: the incident's grade, what it is about, when, and the link to open it. */
export function alertMessage(s: AlertSubject, reason: AlertReason, ctx: MessageContext): AlertMessage {
  const about = topic(s, ctx.taxonomy);
  const severity = s.severity.toUpperCase();
  const opening =
    reason.kind === "unacknowledged"
      ? `Nobody has acknowledged this ${severity} safeguarding incident for ${minutes(reason.minutes)}; you are next on its route (step ${reason.step}).`
      : `${reason.kind === "raised" ? "A new" : "An escalated"} ${severity} safeguarding incident needs the DSL's attention.`;
  const urgent = s.illegal ? " (illegal-content category: act now)" : s.atOnce ? " (immediate risk: act now)" : "";
  const lines = [
    opening,
    "",
    `Incident:   #${s.incidentId}${urgent}`,
    `Site:       ${s.siteName}`,
    s.incidentKind === "filtered-lookup"
      ? `Category:   ${about}`
      : `Kind:       ${about} (reported; the details are in the hub)`,
    ...(s.group ? [`Group:      ${s.group}`] : []),
    ...(s.client ? [`Client:     ${s.client} (identity shown in the hub)`] : []),
    `First seen: ${formatLocalTime(s.firstSeen, ctx.zone)}`,
    ...(s.incidentKind === "filtered-lookup" ? [`Lookups:    ${s.eventCount}`] : []),
    ...(reason.kind !== "unacknowledged" && reason.suppressed > 0
      ? [`Also:       ${reason.suppressed} further alert(s) for this client and category were held back`]
      : []),
    "",
    `Open it: ${ctx.link}`,
    `Acknowledge it, so that it is not passed on to the next person on its route: ${ctx.link}/acknowledge`,
    "",
    "This email leaves out people's identities and the names looked up; sign in to the hub to see them.",
  ];
  const prefix = reason.kind === "unacknowledged" ? "UNACKNOWLEDGED " : "";
  return {
    subject: `[Fenceline] ${prefix}${severity} incident #${s.incidentId} at ${s.siteName}: ${about}`,
    text: lines.join("\n"),
  };
}

/** The category's name for the filter's incidents, the kind's label for reported ones. */
export function topic(s: Pick<AlertSubject, "incidentKind" | "category">, taxonomy: Taxonomy): string {
  if (s.incidentKind === "filtered-lookup") return taxonomy.byId.get(s.category)?.name ?? s.category;
  return INCIDENT_KIND_LABELS[s.incidentKind as IncidentKind] ?? s.incidentKind;
}

function minutes(n: number): string {
  return n < 1 ? `${Math.round(n * 60)} seconds` : `${Math.round(n * 10) / 10} minute(s)`;
}
