import type { IncidentChange } from "./incident-engine.ts";

/**
 * What repeated alerts are held back by: the filter's by client and category (one pupil's burst of
 * look-ups is one alert); each reported concern by itself, as two people's reports are two concerns.
 */
export function throttleKey(change: IncidentChange): string {
  if (change.incidentKind === "filtered-lookup") return `${change.siteId}|${change.clientAddress}|${change.category}`;
  return `${change.siteId}|incident ${change.incidentId}`;
}
