import { actorIsRecipient, restrictedAudience } from "../domain/alert-routes.ts";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import { requireSite } from "./access.ts";

/**
 * Which incidents a user may know of: those at their sites, except that a restricted one (a
 * concern about a member of staff) is known only to the recipients of the site's routes for such
 * concerns. To anyone else it does not exist: the same "not found" as an id nobody has used.
 */
export function incidentVisibility(services: Pick<HubServices, "incidents" | "alerts" | "stores">) {
  /** Whether the actor is on the site's route for restricted incidents. */
  const onRoute = (actor: Actor, siteId: string): boolean => {
    if (actor.system) return true;
    let routes: Parameters<typeof restrictedAudience>[0] = [];
    try {
      routes = services.alerts.settings(siteId).routes;
    } catch {
      // Settings stored by an older version no longer read: the built-in audience (the DSLs) stands.
    }
    return actorIsRecipient(actor, restrictedAudience(routes));
  };
  return {
    /** The incident, if the actor may know of it; otherwise not found. */
    visible(actor: Actor, id: number): IncidentRow {
      const missing = `no incident ${id}`;
      if (!Number.isInteger(id) || id <= 0) throw new HubError("not-found", missing);
      const incident = services.incidents.find(id);
      requireSite(actor, incident?.siteId, missing);
      if (!incident || (incident.restricted && !onRoute(actor, incident.siteId)))
        throw new HubError("not-found", missing);
      return incident;
    },

    /** The sites whose restricted incidents the actor may list (null: every site, for the hub itself). */
    restrictedSites(actor: Actor): string[] | null {
      if (actor.system) return null;
      return services.stores.fleet
        .sites()
        .filter((site) => actorSeesSite(actor, site.id) && onRoute(actor, site.id))
        .map((site) => site.id);
    },
  };
}
