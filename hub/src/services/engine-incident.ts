import type { Severity } from "../domain/severity.ts";

/** What the engine did to an incident in one batch; alerts are decided from these. */
export interface IncidentChange {
  incidentId: number;
  kind: "raised" | "escalated";
  /** What the incident is about (incident-kinds.ts): `filtered-lookup` for the filter's. */
  incidentKind: string;
  /** Alert now, out-of-hours contacts too, never throttled: illegal material, immediate risk. */
  atOnce: boolean;
  /** A concern about a member of staff: only its route hears of it. */
  restricted: boolean;
  siteId: string;
  clientAddress: string;
  group: string;
  category: string;
  severity: Severity;
  illegal: boolean;
  firstSeen: string;
  eventCount: number;
}

/** An incident the engine is filling, as it works on it within a batch. */
export interface OpenIncident {
  id: number;
  siteId: string;
  clientAddress: string;
  group: string;
  category: string;
  illegal: boolean;
  firstSeen: string;
  lastSeenMs: number;
  lastSeen: string;
  eventCount: number;
  autoSeverity: Severity;
  severity: Severity;
  repeatEscalated: boolean;
  recent: number[];
  hostname: string | null;
  mac: string | null;
  personId: number | null;
  deviceId: number | null;
  userName: string | null;
}

/** The engine's key of an open incident: one per site, subject and category at a time. */
export function key(siteId: string, subject: string, category: string): string {
  return `${siteId}|${subject}|${category}`;
}

/** Who an event or incident is about: the person when known, else the device, else the address. */
export function subjectOf(row: { personId?: number | null; deviceId?: number | null; clientAddress: string }): string {
  if (row.personId) return `person:${row.personId}`;
  if (row.deviceId) return `device:${row.deviceId}`;
  return `address:${row.clientAddress}`;
}

/** The fields of an incident, the engine's or a stored one, that the alerts hear of. */
type ChangeSource = Pick<
  OpenIncident,
  "id" | "siteId" | "clientAddress" | "group" | "category" | "severity" | "illegal" | "firstSeen" | "eventCount"
> & { kind: string; restricted: boolean };

/** The incident as alerts hear of it; `atOnce` for an alert that may not wait (illegal material always is). */
export function changeOf(incident: ChangeSource, kind: IncidentChange["kind"], atOnce: boolean): IncidentChange {
  return {
    incidentId: incident.id,
    kind,
    incidentKind: incident.kind,
    atOnce: atOnce || incident.illegal,
    restricted: incident.restricted,
    siteId: incident.siteId,
    clientAddress: incident.clientAddress,
    group: incident.group,
    category: incident.category,
    severity: incident.severity,
    illegal: incident.illegal,
    firstSeen: incident.firstSeen,
    eventCount: incident.eventCount,
  };
}

/** What the engine's raise or escalation of a filter incident tells the alerts. */
export function change(incident: OpenIncident, kind: IncidentChange["kind"]): IncidentChange {
  return changeOf({ ...incident, kind: "filtered-lookup", restricted: false }, kind, false);
}
