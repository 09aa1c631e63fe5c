import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";

/** The first page after signing in: today's flagged lookups, open incidents and fleet health, each as the role allows. */
export function overviewActions(services: HubServices) {
  const { stores, fleet } = services;
  return {
    summary(actor: Actor, input: { now?: Date } = {}) {
      const sites = stores.fleet.sites().filter((site) => actorSeesSite(actor, site.id));
      const ids = sites.map((site) => site.id);
      const now = input.now ?? new Date();
      const today = now.toISOString().slice(0, 10);
      const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
      return {
        flagged: stores.reportData.lookups({ sites: ids, from: today, to: tomorrow }, "outcome"),
        openIncidents: actorCan(actor, "incidents:read") ? stores.reportData.openIncidents(ids) : null,
        fleet: actorCan(actor, "fleet:read")
          ? sites.map((site) => ({ site, status: fleet.siteStatus(site.id) }))
          : null,
      };
    },
  };
}
