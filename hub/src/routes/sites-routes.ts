import { Hono } from "hono";
import { z } from "zod";
import { HubError } from "../hub-error.ts";
import type { EnrolmentService } from "../services/enrolment-service.ts";
import type { FleetService } from "../services/fleet-service.ts";
import type { PolicyService } from "../services/policy-service.ts";
import { sameSecret } from "../services/secrets.ts";
import { bearer, readJsonBody } from "./read-json-body.ts";

const createSiteBody = z.strictObject({ id: z.string(), name: z.string().min(1).max(200) });
const tokenBody = z.strictObject({
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
});

/** Sites and their enrolment tokens: ICT administration (admin token until user roles exist). */
const policyBody = z.strictObject({ policy: z.unknown(), reason: z.string() });

export function sitesRoutes(
  enrolment: EnrolmentService,
  fleet: FleetService,
  policies: PolicyService,
  adminToken: string,
): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    const token = bearer(c);
    if (!token || !sameSecret(token, adminToken)) throw new HubError("unauthorised", "admin token required");
    await next();
  });
  app.post("/", async (c) => {
    const body = createSiteBody.safeParse(await readJsonBody(c));
    if (!body.success) throw new HubError("invalid-request", "expected { id, name }", body.error.issues);
    return c.json(enrolment.createSite(body.data.id, body.data.name), 201);
  });
  app.post("/:siteId/enrolment-tokens", async (c) => {
    const body = tokenBody.safeParse(await readJsonBody(c).catch(() => ({})));
    if (!body.success) throw new HubError("invalid-request", "expected { hours }", body.error.issues);
    return c.json(enrolment.issueEnrolmentToken(c.req.param("siteId"), body.data.hours), 201);
  });
  app.put("/:siteId/policy", async (c) => {
    const body = policyBody.safeParse(await readJsonBody(c));
    if (!body.success) throw new HubError("invalid-request", "expected { policy, reason }", body.error.issues);
    return c.json(policies.replace(c.req.param("siteId"), body.data.policy, body.data.reason, "admin"));
  });
  app.get("/:siteId/policy", (c) => {
    const current = policies.current(c.req.param("siteId"));
    if (!current) throw new HubError("not-found", "the hub holds no policy for this site");
    return c.json(current);
  });
  app.get("/:siteId/status", (c) => c.json(fleet.siteStatus(c.req.param("siteId"))));
  return app;
}
