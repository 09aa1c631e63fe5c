import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { AuditService } from "./audit-service.ts";

/**
 * A subject-access export: everything the hub holds about one client identifier (address, host
 * name or MAC) at the sites the requester works with: events, incidents with their whole record,
 * and alerts. Each export is audited.
 */
export class SubjectAccessService {
  private readonly stores: HubStores;
  private readonly audit: AuditService;
  private readonly now: () => Date;

  constructor(stores: HubStores, audit: AuditService, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.audit = audit;
    this.now = now;
  }

  export(actor: Actor, client: string) {
    const identifier = client.trim();
    if (identifier.length < 2 || identifier.length > 255)
      throw new HubError("invalid-request", "give a client address, host name or MAC");
    const events = this.stores.eventQueries.byClient(identifier).filter((event) => actorSeesSite(actor, event.siteId));
    const incidents = this.stores.incidents
      .byClient(identifier)
      .filter((incident) => actorSeesSite(actor, incident.siteId))
      .map((incident) => ({
        incident,
        entries: this.stores.incidents.entries(incident.id),
        alerts: this.stores.alerts.forIncident(incident.id),
      }));
    this.audit.record(actor, "subject-access.exported", identifier, {
      events: events.length,
      incidents: incidents.length,
    });
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
