import type { Actor } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, requireSite } from "./access.ts";

/** Who is alerted for a site's incidents, and when out-of-hours contacts take over. */
export function alertingActions(services: HubServices) {
  const { alerts, audit } = services;
  return {
    settings(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "incidents:read");
      return alerts.settings(requireSite(actor, input.siteId));
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
