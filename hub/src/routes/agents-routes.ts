import { Hono } from "hono";
import { z } from "zod";
import { HubError } from "../hub-error.ts";
import type { EnrolmentService } from "../services/enrolment-service.ts";
import type { FleetService } from "../services/fleet-service.ts";
import type { IngestService } from "../services/ingest-service.ts";
import type { PolicyService } from "../services/policy-service.ts";
import { bearer, readJsonBody } from "./read-json-body.ts";

const enrolBody = z.strictObject({ token: z.string().min(1), name: z.string().min(1).max(200) });

/** What agents call: enrolment once, then event batches with their own credential. */
export function agentsRoutes(
  enrolment: EnrolmentService,
  ingest: IngestService,
  fleet: FleetService,
  policies: PolicyService,
): Hono {
  const app = new Hono();
  app.post("/enrol", async (c) => {
    const body = enrolBody.safeParse(await readJsonBody(c));
    if (!body.success) throw new HubError("invalid-request", "expected { token, name }", body.error.issues);
    return c.json(enrolment.enrol(body.data.token, body.data.name), 201);
  });
  app.post("/events", async (c) => {
    const agent = enrolment.authenticateAgent(bearer(c));
    return c.json(ingest.ingest(agent, await readJsonBody(c)));
  });
  // The agent's site policy; agents poll with If-None-Match and get 304 until it changes.
  app.get("/policy", (c) => {
    const agent = enrolment.authenticateAgent(bearer(c));
    const current = policies.current(agent.siteId);
    if (!current) return c.body(null, 204);
    const etag = `"policy-${current.version}"`;
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    c.header("etag", etag);
    return c.json(current);
  });
  app.post("/heartbeat", async (c) => {
    const agent = enrolment.authenticateAgent(bearer(c));
    fleet.heartbeat(agent, await readJsonBody(c));
    return c.body(null, 204);
  });
  return app;
}
