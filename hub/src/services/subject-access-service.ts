import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import { StoreService } from "./store-service.ts";

/**
 * A subject-access export: everything the hub holds about one client identifier (address, host
 * name or MAC) at the given sites: events, incidents with their whole record, and alerts.
 */
export class SubjectAccessService extends StoreService<HubStores> {
  /** `seesSite` decides which sites' records are included: the requester's. */
  export(actor: Actor, client: string, seesSite: (siteId: string) => boolean) {
    const identifier = client.trim();
    if (identifier.length < 2 || identifier.length > 255)
      throw new HubError("invalid-request", "give a client address, host name or MAC");
    // Read within the requester's sites (a school's DSL: their school's events alone), then checked again.
    const events = this.stores.eventQueries.byClient(identifier, actor.sites).filter((event) => seesSite(event.siteId));
    const incidents = this.stores.incidents
      .byClient(identifier)
      .filter((incident) => seesSite(incident.siteId))
      .map((incident) => ({
        incident,
        entries: this.stores.incidents.entries(incident.id),
        alerts: this.stores.alerts.forIncident(incident.id),
      }));
    return {
      client: identifier,
      generatedAt: this.now().toISOString(),
      generatedBy: actor.email,
      sites: actor.sites ?? "all",
      events,
      incidents,
    };
  }
}
