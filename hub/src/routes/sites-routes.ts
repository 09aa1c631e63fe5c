import { z } from "zod";
import type { HubServices } from "../hub-services.ts";
import { type RouteDef, route, siteParam } from "./route-def.ts";

const createSiteBody = z.strictObject({ id: z.string(), name: z.string().min(1).max(200) });
const tokenBody = z
  .strictObject({
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
  })
  .default({ hours: 24 });
const policyBody = z.strictObject({ policy: z.unknown(), reason: z.string() });
const listEditBody = z.strictObject({
  group: z.string().min(1).max(40),
  list: z.enum(["allow", "block"]),
  add: z.array(z.string().min(1).max(253)).max(1000).default([]),
  remove: z.array(z.string().min(1).max(253)).max(1000).default([]),
  reason: z.string(),
});

/** Sites: the fleet (ICT), each site's filtering policy and its change log, and who is alerted. */
export function sitesRoutes(services: HubServices): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/sites",
      tag: "sites",
      summary: "The sites the user works with",
      access: "fleet:read",
      handle: (c, { actor }) =>
        c.json({
          sites: services.stores.fleet.sites().filter((s) => actor.sites === null || actor.sites.includes(s.id)),
        }),
    }),
    route({
      method: "POST",
      path: "/api/sites",
      tag: "sites",
      summary: "Create a site",
      access: "fleet:manage",
      body: createSiteBody,
      handle: (c, { actor, body }) => {
        const site = services.enrolment.createSite(body.id, body.name);
        services.audit.record(actor, "site.created", site.id, { name: site.name });
        return c.json(site, 201);
      },
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/enrolment-tokens",
      tag: "sites",
      summary: "Issue a one-use enrolment token for a new agent at the site",
      access: "fleet:manage",
      body: tokenBody,
      handle: (c, { actor, body }) => {
        const siteId = siteParam(c, actor);
        const issued = services.enrolment.issueEnrolmentToken(siteId, body.hours);
        services.audit.record(actor, "agent.enrolment-token-issued", siteId, { expiresAt: issued.expiresAt });
        return c.json(issued, 201);
      },
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/agents/:agentId/revoke",
      tag: "sites",
      summary: "Revoke an agent's credential",
      access: "fleet:manage",
      handle: (c, { actor }) => {
        const siteId = siteParam(c, actor);
        const agentId = c.req.param("agentId") as string;
        services.enrolment.revokeAgent(siteId, agentId);
        services.audit.record(actor, "agent.revoked", agentId, { siteId });
        return c.body(null, 204);
      },
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/status",
      tag: "sites",
      summary: "The site's agents: online or not, list versions and ages, stale lists",
      access: "fleet:read",
      handle: (c, { actor }) => c.json(services.fleet.siteStatus(siteParam(c, actor))),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/policy",
      tag: "policy",
      summary: "Replace the site's filtering policy; a reason is required and the change is logged",
      access: "policy:manage",
      body: policyBody,
      handle: (c, { actor, body }) =>
        c.json(services.policies.replace(actor, siteParam(c, actor), body.policy, body.reason)),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/policy/lists",
      tag: "policy",
      summary: "Add names to or remove them from one group's allow or block list; a reason is required",
      access: "policy:manage",
      body: listEditBody,
      handle: (c, { actor, body }) => c.json(services.policies.editList(actor, siteParam(c, actor), body)),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/policy",
      tag: "policy",
      summary: "The site's filtering policy and its version",
      access: "policy:read",
      handle: (c, { actor }) => {
        const current = services.policies.current(siteParam(c, actor));
        return current ? c.json(current) : c.json({ version: 0, policy: null });
      },
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/policy/changes",
      tag: "policy",
      summary: "The filtering-policy change log: who, when, why, old and new",
      access: "policy:read",
      handle: (c, { actor }) => c.json({ changes: services.policies.changes(actor, siteParam(c, actor)) }),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/alerting",
      tag: "alerts",
      summary: "Who is alerted for the site's incidents, and when out-of-hours contacts take over",
      access: "incidents:read",
      handle: (c, { actor }) => c.json(services.alerts.settings(siteParam(c, actor))),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/alerting",
      tag: "alerts",
      summary: "Set the site's office hours, out-of-hours contacts and webhook",
      access: "alerts:manage",
      body: z.unknown(),
      handle: (c, { actor, body }) => c.json(services.alerts.setSettings(actor, siteParam(c, actor), body)),
    }),
  ];
}
