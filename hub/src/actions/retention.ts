import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission } from "./access.ts";
import { requireKnownSite, rowId } from "./directory-access.ts";
import { incidentVisibility } from "./incident-visibility.ts";

interface PersonRef {
  siteId: string;
  personId: string | number;
}

/** Enforcing the retention periods: the daily job, or the command line. Each run is itself logged. */
export function retentionActions(services: HubServices) {
  const { retention, audit, settings, people, personSubjectAccess, stores } = services;
  const visibility = incidentVisibility(services);
  /** The person, for an actor holding subject-access and `permission` at the person's site. */
  const personFor = (actor: Actor, permission: "people:read" | "people:manage", ref: PersonRef) => {
    requirePermission(actor, "subject-access");
    requirePermission(actor, permission);
    const siteId = requireKnownSite(stores, actor, ref.siteId);
    return people.get(siteId, rowId(ref.personId, "person"));
  };
  const mayKnow = (actor: Actor) => (incident: { id: number }) => {
    try {
      visibility.visible(actor, incident.id);
      return true;
    } catch {
      return false;
    }
  };
  return {
    run(actor: Actor) {
      // No role purges data by hand: only the hub itself, on its schedule or from its command line.
      if (!actor.system) throw new HubError("forbidden", "only the hub itself runs retention");
      const result = retention.run();
      audit.record(actor, "retention.purged", null, { ...result, settings: settings.retention });
      return result;
    },

    /** Subject access for one person across their devices; the export is audited by person id. */
    exportPerson(actor: Actor, ref: PersonRef) {
      const person = personFor(actor, "people:read", ref);
      const exported = personSubjectAccess.export(person, actor.email, mayKnow(actor));
      const counts = {
        devices: exported.devices.length,
        events: exported.events.length,
        incidents: exported.incidents.length,
        reviewRequests: exported.reviewRequests.length,
      };
      audit.record(actor, "subject-access.person-exported", `person:${person.id}`, counts, person.siteId);
      return exported;
    },

    /**
     * Erasure of one person: their record, devices and name on events, unless an incident holds
     * them (then refused, and the refusal audited too).
     */
    erasePerson(actor: Actor, ref: PersonRef) {
      const person = personFor(actor, "people:manage", ref);
      try {
        const erased = personSubjectAccess.erase(person);
        audit.record(actor, "person.erased", `person:${person.id}`, erased, person.siteId);
        return erased;
      } catch (error) {
        if (error instanceof HubError && error.code === "conflict")
          audit.record(
            actor,
            "person.erasure-refused",
            `person:${person.id}`,
            { reason: error.message },
            person.siteId,
          );
        throw error;
      }
    },
  };
}
