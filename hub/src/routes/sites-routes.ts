import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { listEditInput, replacePolicyInput } from "../actions/policy.ts";
import { createSiteInput, enrolmentTokenInput } from "../actions/sites.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

/** Sites: the fleet (ICT), each site's filtering policy and its change log, and who is alerted. */
export function sitesRoutes(actions: HubActions): RouteDef[] {
  const siteId = (c: Parameters<typeof param>[0]) => param(c, "siteId");
  return [
    route({
      method: "GET",
      path: "/api/sites",
      tag: "sites",
      summary: "The sites the user works with",
      access: "fleet:read",
      handle: (c, { actor }) => c.json({ sites: actions.sites.list(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/sites",
      tag: "sites",
      summary: "Create a site",
      access: "fleet:manage",
      body: createSiteInput,
      handle: (c, { actor, body }) => c.json(actions.sites.create(actor, body), 201),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/enrolment-tokens",
      tag: "sites",
      summary: "Issue a one-use enrolment token for a new agent at the site",
      access: "fleet:manage",
      body: enrolmentTokenInput.default({ hours: 24 }),
      handle: (c, { actor, body }) =>
        c.json(actions.sites.issueEnrolmentToken(actor, { siteId: siteId(c), hours: body.hours }), 201),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/agents/:agentId/revoke",
      tag: "sites",
      summary: "Revoke an agent's credential",
      access: "fleet:manage",
      handle: noContent((c, { actor }) =>
        actions.sites.revokeAgent(actor, { siteId: siteId(c), agentId: param(c, "agentId") }),
      ),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/status",
      tag: "sites",
      summary: "The site's agents: online or not, list versions and ages, stale lists",
      access: "fleet:read",
      handle: (c, { actor }) => c.json(actions.sites.status(actor, { siteId: siteId(c) })),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/policy",
      tag: "policy",
      summary: "Replace the site's filtering policy; a reason is required and the change is logged",
      access: "policy:manage",
      body: replacePolicyInput,
      handle: (c, { actor, body }) => c.json(actions.policy.replace(actor, { siteId: siteId(c), ...body })),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/policy/lists",
      tag: "policy",
      summary: "Add names to or remove them from one group's allow or block list; a reason is required",
      access: "policy:manage",
      body: listEditInput,
      handle: (c, { actor, body }) => c.json(actions.policy.editList(actor, { siteId: siteId(c), ...body })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/policy",
      tag: "policy",
      summary: "The site's filtering policy and its version",
      access: "policy:read",
      handle: (c, { actor }) =>
        c.json(actions.policy.current(actor, { siteId: siteId(c) }) ?? { version: 0, policy: null }),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/policy/changes",
      tag: "policy",
      summary: "The filtering-policy change log: who, when, why, old and new",
      access: "policy:read",
      handle: (c, { actor }) => c.json({ changes: actions.policy.changes(actor, { siteId: siteId(c) }) }),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/alerting",
      tag: "alerts",
      summary: "Who is alerted for the site's incidents, and when out-of-hours contacts take over",
      access: "incidents:read",
      handle: (c, { actor }) => c.json(actions.alerting.settings(actor, { siteId: siteId(c) })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/alerting/routes",
      tag: "alerts",
      summary: "The routes the site's incidents follow, in the order tried, and who each step reaches today",
      access: "incidents:read",
      handle: (c, { actor }) => c.json(actions.alerting.routes(actor, { siteId: siteId(c) })),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/alerting",
      tag: "alerts",
      summary: "Set the site's office hours, out-of-hours contacts and webhook",
      access: "alerts:manage",
      body: z.unknown(),
      handle: (c, { actor, body }) =>
        c.json(actions.alerting.setSettings(actor, { siteId: siteId(c), settings: body })),
    }),
  ];
}
