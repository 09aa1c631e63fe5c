import { z } from "zod";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

export const createSiteInput = z.strictObject({ id: z.string(), name: z.string().min(1).max(200) });
export const enrolmentTokenInput = z.strictObject({
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
});

/** A new site's default report schedules: stored in the site's own transaction, their jobs started after it. */
export interface SiteDefaultSchedules<S> {
  store(actor: Actor, siteId: string): S[];
  start(schedules: readonly S[]): void;
}

/** Sites and their agents: the fleet the ICT team runs. */
export function siteActions<S>(services: HubServices, defaultSchedules?: SiteDefaultSchedules<S>) {
  const { stores, enrolment, fleet, audit } = services;
  const visibleSites = (actor: Actor) => stores.fleet.sites().filter((site) => actorSeesSite(actor, site.id));
  return {
    /** The sites the actor works with. */
    list(actor: Actor) {
      requirePermission(actor, "fleet:read");
      return visibleSites(actor);
    },

    /** Each site the actor works with, with its agents' health: the sites page. */
    listWithStatus(actor: Actor) {
      requirePermission(actor, "fleet:read");
      return visibleSites(actor).map((site) => ({ site, status: fleet.siteStatus(site.id) }));
    },

    status(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "fleet:read");
      return fleet.siteStatus(requireSite(actor, input.siteId));
    },

    create(actor: Actor, input: z.input<typeof createSiteInput>) {
      requirePermission(actor, "fleet:manage");
      const { id, name } = validate(createSiteInput, input);
      // The site, its audit entry and its default schedules: all stored, or none.
      const { site, schedules } = stores.transaction(() => {
        const made = enrolment.createSite(id, name);
        audit.record(actor, "site.created", made.id, { name: made.name }, made.id);
        return { site: made, schedules: defaultSchedules?.store(actor, made.id) };
      });
      if (schedules) defaultSchedules?.start(schedules);
      return site;
    },

    /** A one-use enrolment token for a new agent at the site; shown once. */
    issueEnrolmentToken(actor: Actor, input: { siteId: string; hours?: number }) {
      requirePermission(actor, "fleet:manage");
      const siteId = requireSite(actor, input.siteId);
      const { hours } = validate(enrolmentTokenInput, { hours: input.hours });
      const issued = enrolment.issueEnrolmentToken(siteId, hours);
      audit.record(actor, "agent.enrolment-token-issued", siteId, { expiresAt: issued.expiresAt }, siteId);
      return issued;
    },

    revokeAgent(actor: Actor, input: { siteId: string; agentId: string }) {
      requirePermission(actor, "fleet:manage");
      const siteId = requireSite(actor, input.siteId);
      enrolment.revokeAgent(siteId, input.agentId);
      audit.record(actor, "agent.revoked", input.agentId, { siteId }, siteId);
    },
  };
}
