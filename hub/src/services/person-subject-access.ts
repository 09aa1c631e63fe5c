import { HubError } from "../hub-error.ts";
import type { Device } from "../store/device-store.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { Person } from "../store/person-store.ts";
import { StoreService } from "./store-service.ts";

/** What a review request may name a person by (see ReviewRequestStore.naming). */
const keysOf = (person: Person) => [person.displayName, ...(person.username ? [person.username] : [])];

const macsOf = (devices: readonly Device[]) => devices.flatMap((device) => (device.mac ? [device.mac] : []));

/**
 * Subject access for one person, across their devices: everything the hub holds about them (their
 * record, devices, the events and incidents that name them or their devices, or came from their
 * devices' MACs, and the review requests that name them); and erasure of their record and devices
 * where no incident holds them, with their review requests' personal fields written over.
 */
export class PersonSubjectAccessService extends StoreService<HubStores> {
  /** `mayKnow` decides which incidents are included: those the requester may know of. */
  export(person: Person, requestedBy: string, mayKnow: (incident: IncidentRow) => boolean) {
    const devices = this.stores.devices.byOwner(person.id);
    const deviceIds = devices.map((device) => device.id);
    const events = this.stores.personRecords.events(person.siteId, person.id, deviceIds, macsOf(devices));
    const incidents = this.stores.personRecords
      .incidentIds(person.id, deviceIds, macsOf(devices))
      .flatMap((id) => {
        const incident = this.stores.incidents.get(id);
        return incident && incident.siteId === person.siteId && mayKnow(incident) ? [incident] : [];
      })
      .map((incident) => ({
        incident,
        entries: this.stores.incidents.entries(incident.id),
        alerts: this.stores.alerts.forIncident(incident.id),
      }));
    const reviewRequests = this.stores.reviewRequests.naming(person.siteId, keysOf(person));
    return {
      person,
      devices,
      events,
      incidents,
      reviewRequests,
      generatedAt: this.now().toISOString(),
      generatedBy: requestedBy,
    };
  }

  /**
   * Erases the person: their record (with any watch and sanctions), their devices and roaming
   * tokens, and their name on events no incident holds. Refused while an incident holds them or
   * one of their devices: the safeguarding record is kept for its own retention period, after
   * which the incident goes and erasure can follow.
   */
  erase(person: Person): { devices: number; eventsUnlinked: number; reviewRequestsErased: number } {
    return this.stores.transaction(() => {
      const devices = this.stores.devices.byOwner(person.id);
      const deviceIds = devices.map((device) => device.id);
      const holding = this.stores.personRecords.incidentIds(person.id, deviceIds, macsOf(devices));
      if (holding.length > 0)
        throw new HubError(
          "conflict",
          `incident${holding.length > 1 ? "s" : ""} ${holding.join(", ")} hold${holding.length > 1 ? "" : "s"} this person's record; it is kept with the incident for the incident retention period`,
        );
      const eventsUnlinked = this.stores.personRecords.unlinkEvents(person.id, deviceIds);
      for (const id of deviceIds) this.stores.devices.delete(id);
      // Before the record goes: the match needs the person's name and username.
      const reviewRequestsErased = this.stores.reviewRequests.eraseNaming(person.siteId, keysOf(person));
      this.stores.people.delete(person.id);
      return { devices: deviceIds.length, eventsUnlinked, reviewRequestsErased };
    });
  }
}
