import { z } from "zod";
import type { HubServices } from "../hub-services.ts";
import { readJsonBody } from "./read-json-body.ts";
import { type RouteDef, route } from "./route-def.ts";

const enrolBody = z.strictObject({ token: z.string().min(1), name: z.string().min(1).max(200) });

/** What agents call: enrolment once, then events, heartbeats and policy with their own credential. */
export function agentsRoutes(services: HubServices): RouteDef[] {
  const agentOf = (c: { get: (key: "agent") => { id: string; siteId: string } | null }) =>
    c.get("agent") as { id: string; siteId: string };
  return [
    route({
      method: "POST",
      path: "/api/agents/enrol",
      tag: "agents",
      summary: "Exchange a one-use enrolment token for the agent's own credential",
      access: "public",
      body: enrolBody,
      handle: (c, { body }) => c.json(services.enrolment.enrol(body.token, body.name), 201),
    }),
    route({
      method: "POST",
      path: "/api/agents/events",
      tag: "agents",
      summary: "A batch of flagged events (gzip allowed); idempotent by event id",
      access: "agent",
      handle: async (c) => c.json(services.ingest.ingest(agentOf(c), await readJsonBody(c))),
    }),
    route({
      method: "GET",
      path: "/api/agents/policy",
      tag: "agents",
      summary: "The agent's site policy; send If-None-Match to get 304 until it changes",
      access: "agent",
      handle: (c) => {
        const current = services.policies.current(agentOf(c).siteId);
        if (!current) return c.body(null, 204);
        const etag = `"policy-${current.version}"`;
        if (c.req.header("if-none-match") === etag) return c.body(null, 304);
        c.header("etag", etag);
        return c.json(current);
      },
    }),
    route({
      method: "POST",
      path: "/api/agents/heartbeat",
      tag: "agents",
      summary: "The agent's health, counts, outbox and list versions",
      access: "agent",
      handle: async (c) => {
        services.fleet.heartbeat(agentOf(c), await readJsonBody(c));
        return c.body(null, 204);
      },
    }),
  ];
}
