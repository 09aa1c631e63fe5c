import type { Context } from "hono";
import { type AgentIdentity, enrolInput } from "../actions/agents.ts";
import type { HubActions } from "../actions/index.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { type HubEnv, noContent, type RouteDef, route } from "./route-def.ts";

/** The agent the guard authenticated. */
const agentOf = (c: Context<HubEnv>) => c.get("agent") as AgentIdentity;

/** What agents call: enrolment once, then events, heartbeats and policy with their own credential. */
export function agentsRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/agents/enrol",
      tag: "agents",
      summary: "Exchange a one-use enrolment token for the agent's own credential",
      access: "public",
      body: enrolInput,
      handle: (c, { body }) => c.json(actions.agents.enrol(body), 201),
    }),
    route({
      method: "POST",
      path: "/api/agents/events",
      tag: "agents",
      summary: "A batch of flagged events (gzip allowed); idempotent by event id",
      access: "agent",
      // Read only now, after the guard checked the agent's credential: the large limit is never open to strangers.
      handle: async (c) =>
        c.json(
          actions.agents.sendEvents(agentOf(c), await readJsonBody(c, { maxBytes: BODY_LIMITS.ingest, gzip: true })),
        ),
    }),
    route({
      method: "GET",
      path: "/api/agents/policy",
      tag: "agents",
      summary: "The agent's site policy; send If-None-Match to get 304 until it changes",
      access: "agent",
      handle: (c) => {
        const current = actions.agents.policy(agentOf(c));
        if (!current) return c.body(null, 204);
        const { tag, ...body } = current;
        if (c.req.header("if-none-match") === tag) return c.body(null, 304);
        c.header("etag", tag);
        return c.json(body);
      },
    }),
    route({
      method: "POST",
      path: "/api/agents/heartbeat",
      tag: "agents",
      summary: "The agent's health, counts, outbox and list versions",
      access: "agent",
      handle: noContent(async (c) =>
        actions.agents.heartbeat(agentOf(c), await readJsonBody(c, { maxBytes: BODY_LIMITS.heartbeat, gzip: true })),
      ),
    }),
  ];
}
