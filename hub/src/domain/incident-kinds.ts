/**
 * What an incident is about. The filter raises `filtered-lookup` incidents from DNS look-ups; the
 * rest are concerns people report, in the words of the e-safety policies and the UKCIS guidance
 * on sharing nudes (aggravated: an adult involved, or intent to harm, or shared without consent;
 * experimental: between young people, none of those).
 */
export const INCIDENT_KINDS = [
  "filtered-lookup",
  "online-safety-concern",
  "cyberbullying",
  "nudes-aggravated",
  "nudes-experimental",
  "grooming-or-contact",
  "radicalisation",
  "self-harm-disclosure",
  "got-through-filter",
  "staff-concern",
  "data-breach",
  "other",
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** The kinds a person can report; `filtered-lookup` is the filter's own. */
export const REPORTED_KINDS = INCIDENT_KINDS.filter(
  (kind): kind is Exclude<IncidentKind, "filtered-lookup"> => kind !== "filtered-lookup",
);
export type ReportedKind = (typeof REPORTED_KINDS)[number];

export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  "filtered-lookup": "Flagged by the filter",
  "online-safety-concern": "Online-safety concern",
  cyberbullying: "Cyberbullying",
  "nudes-aggravated": "Nudes / semi-nudes shared: aggravated",
  "nudes-experimental": "Nudes / semi-nudes shared: experimental",
  "grooming-or-contact": "Grooming or unwanted contact",
  radicalisation: "Radicalisation",
  "self-harm-disclosure": "Self-harm disclosure",
  "got-through-filter": "Harmful content that got through the filter",
  "staff-concern": "Concern about a member of staff",
  "data-breach": "Data breach",
  other: "Other",
};

/** Where an incident came from: the filter, or a person who reported a concern. */
export const INCIDENT_SOURCES = ["filter", "report"] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** Who or what a reported concern is about. */
export const CONCERN_SUBJECTS = ["person", "group", "device", "unknown"] as const;

/** The flowchart's yes / no questions, with "unsure" for the reporter who cannot tell. */
export const YES_NO_UNSURE = ["yes", "no", "unsure"] as const;
export type YesNoUnsure = (typeof YES_NO_UNSURE)[number];

/** A concern about a member of staff goes only to the users on its route (the LADO process), not the DSL pool. */
export function isRestrictedKind(kind: string): boolean {
  return kind === "staff-concern";
}

export function incidentKindLabel(kind: string): string {
  return INCIDENT_KIND_LABELS[kind as IncidentKind] ?? kind;
}
