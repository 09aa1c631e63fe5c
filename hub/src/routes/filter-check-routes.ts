import { checkResultSchema } from "@fenceline/shared/checks";
import type { Context } from "hono";
import type { AgentIdentity } from "../actions/agents.ts";
import { canaryInput } from "../actions/check-canaries.ts";
import { checkListQuery, checkScheduleInput } from "../actions/filter-checks.ts";
import type { HubActions } from "../actions/index.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";
import { type HubEnv, noContent, param, type RouteDef, route } from "./route-def.ts";

const agentOf = (c: Context<HubEnv>) => c.get("agent") as AgentIdentity;
const site = (c: Context<HubEnv>) => ({ siteId: param(c, "siteId") });

/** Filtering checks: the agents' side (open runs, answers) and the people's (runs, schedule, canaries). */
export function filterCheckRoutes(actions: HubActions): RouteDef[] {
  const checks = actions.filterChecks;
  return [
    route({
      method: "GET",
      path: "/api/agents/checks",
      tag: "agents",
      summary: "The agent's filtering check runs still to answer (oldest first, at most 20), with its site's canaries",
      access: "agent",
      handle: (c) => c.json(checks.agentRuns(agentOf(c))),
    }),
    route({
      method: "POST",
      path: "/api/agents/checks/:runId",
      tag: "agents",
      summary: "The agent's answer to one of its check runs; the hub re-judges every item",
      access: "agent",
      body: checkResultSchema,
      // Read only after the guard checked the agent's credential.
      maxBody: BODY_LIMITS.checkResult,
      handle: noContent((c, { body }) => checks.agentResult(agentOf(c), param(c, "runId"), body)),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/checks",
      tag: "checks",
      summary: "The site's filtering check runs, newest first (?limit=, and ?after=<next> for the next page)",
      access: "checks:read",
      query: checkListQuery,
      handle: (c, { actor, query }) => c.json(checks.list(actor, { ...site(c), ...query })),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/checks",
      tag: "checks",
      summary: "Run a filtering check now: one run per active agent of the site",
      access: "checks:run",
      handle: (c, { actor }) => c.json({ runs: checks.requestNow(actor, site(c)) }, 201),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/checks/:runId",
      tag: "checks",
      summary: "One filtering check run with its items (locked names only for the DSL roles)",
      access: "checks:read",
      handle: (c, { actor }) => c.json(checks.get(actor, { ...site(c), runId: param(c, "runId") })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/check-schedule",
      tag: "checks",
      summary: "The site's filtering check schedule (weekdays, local time, enabled)",
      access: "checks:read",
      handle: (c, { actor }) => c.json(checks.schedule(actor, site(c))),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/check-schedule",
      tag: "checks",
      summary: "Set the site's filtering check schedule",
      access: "checks:schedule",
      body: checkScheduleInput,
      handle: (c, { actor, body }) => c.json(checks.setSchedule(actor, { ...site(c), ...body })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/check-canaries",
      tag: "checks",
      summary: "The site's canaries: test names for the locked categories (DSL roles only)",
      access: "checks:canaries",
      handle: (c, { actor }) => c.json({ canaries: checks.canaries(actor, site(c)) }),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/check-canaries",
      tag: "checks",
      summary: "Add a canary for a locked category",
      access: "checks:canaries",
      body: canaryInput,
      handle: (c, { actor, body }) => c.json(checks.addCanary(actor, { ...site(c), ...body }), 201),
    }),
    route({
      method: "DELETE",
      path: "/api/sites/:siteId/check-canaries/:canaryId",
      tag: "checks",
      summary: "Remove a canary",
      access: "checks:canaries",
      handle: noContent((c, { actor }) => checks.removeCanary(actor, { ...site(c), canaryId: param(c, "canaryId") })),
    }),
  ];
}
