import { z } from "zod";
import { type Actor, actorCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { topic } from "../services/alert-message.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import { requireSite, validate } from "./access.ts";
import { incidentVisibility } from "./incident-visibility.ts";

export const acknowledgeInput = z.strictObject({ id: z.coerce.number().int().positive() });

/**
 * Acknowledging an incident's alert: "I have it", so that it is not passed on to the next person
 * on its route. Anyone who may read the incident may acknowledge it, and so may the people its
 * route alerted (ICT for malware, say), who may not read incidents otherwise. The first
 * acknowledgement is the one recorded; later ones are told who it was.
 */
export function alertAcknowledgementActions(services: HubServices) {
  const { stores, audit } = services;
  const visibility = incidentVisibility(services);
  /** The incident's site, if the actor may acknowledge its alert; otherwise not found. */
  const siteFor = (actor: Actor, id: number): string => {
    const onRoute = stores.alertFollowUps.escalation(id)?.steps.some((step) => step.includes(actor.email));
    const incident = services.incidents.find(id);
    if (onRoute && incident) {
      requireSite(actor, incident.siteId, `no incident ${id}`);
      return incident.siteId;
    }
    if (!actorCan(actor, "incidents:read")) throw new HubError("not-found", `no incident ${id}`);
    return visibility.visible(actor, id).siteId;
  };
  const acknowledgementOf = (id: number) => {
    const recorded = stores.alertFollowUps.acknowledgement(id);
    return recorded ? { by: recorded.email, at: recorded.at } : null;
  };
  return {
    /** Records the first acknowledgement and ends the alert's escalation; a later one is told who it was. */
    acknowledge(actor: Actor, input: unknown) {
      const { id } = validate(acknowledgeInput, input);
      const siteId = siteFor(actor, id);
      return stores.transaction(() => {
        const at = new Date().toISOString();
        const first = stores.alertFollowUps.acknowledge({
          incidentId: id,
          userId: actor.userId,
          email: actor.email,
          at,
        });
        if (first) audit.record(actor, "alert.acknowledged", `incident ${id}`, { siteId }, siteId);
        const recorded = acknowledgementOf(id) ?? { by: actor.email, at };
        return { incidentId: id, first, ...recorded };
      });
    },

    /** Who acknowledged the incident's alert, and when; null while nobody has. */
    acknowledgement(actor: Actor, input: unknown) {
      const { id } = validate(acknowledgeInput, input);
      siteFor(actor, id);
      return acknowledgementOf(id);
    },

    /** What the alert email said of the incident (no identities, no names looked up), and its acknowledgement. */
    summary(actor: Actor, input: unknown) {
      const { id } = validate(acknowledgeInput, input);
      const siteId = siteFor(actor, id);
      const subject = services.alerts.subjectOf(services.incidents.find(id) as IncidentRow);
      return {
        incidentId: id,
        siteId,
        siteName: subject.siteName,
        topic: topic(subject, services.settings.taxonomy),
        severity: subject.severity,
        firstSeen: subject.firstSeen,
        acknowledgement: acknowledgementOf(id),
      };
    },
  };
}
