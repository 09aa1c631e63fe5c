import type { Actor } from "../domain/roles.ts";
import { effectiveRoutes } from "../domain/route-match.ts";
import type { HubServices } from "../hub-services.ts";
import { routeSteps } from "../services/alert-audience.ts";
import { requirePermission, requireSite } from "./access.ts";

/** Who is alerted for a site's incidents, and when out-of-hours contacts take over. */
export function alertingActions(services: HubServices) {
  const { alerts, audit } = services;
  return {
    settings(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "incidents:read");
      return alerts.settings(requireSite(actor, input.siteId));
    },

    /**
     * The routes an incident at the site may follow, in the order they are tried (the site's own,
     * then the built-in ones), each with the people its steps reach today; and the wait before an
     * unacknowledged alert goes to the next step.
     */
    routes(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "incidents:read");
      const siteId = requireSite(actor, input.siteId);
      const settings = alerts.settings(siteId);
      return {
        escalateAfterMinutes: settings.escalateAfterMinutes,
        routes: effectiveRoutes(settings.routes).map(({ route, builtIn }) => ({
          ...route,
          builtIn,
          steps: routeSteps(services.stores, siteId, route),
        })),
      };
    },

    /** Office hours, out-of-hours contacts and webhook; validated by the alerting schema. */
    setSettings(actor: Actor, input: { siteId: string; settings: unknown }) {
      requirePermission(actor, "alerts:manage");
      const siteId = requireSite(actor, input.siteId);
      const change = alerts.setSettings(siteId, input.settings);
      audit.record(actor, "alerting.changed", siteId, change, siteId);
      return change.new;
    },
  };
}
