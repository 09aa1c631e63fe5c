import { randomUUID } from "node:crypto";
import type { Taxonomy } from "@fenceline/shared";
import { Hono } from "hono";
import type { Logger } from "pino";
import { loadDefaultTaxonomy } from "./domain/taxonomy.ts";
import { ERROR_STATUS, HubError } from "./hub-error.ts";
import { agentsRoutes } from "./routes/agents-routes.ts";
import { sitesRoutes } from "./routes/sites-routes.ts";
import { EnrolmentService } from "./services/enrolment-service.ts";
import { DEFAULT_FLEET_SETTINGS, FleetService, type FleetSettings } from "./services/fleet-service.ts";
import { IngestService } from "./services/ingest-service.ts";
import { PolicyService } from "./services/policy-service.ts";
import type { HubStore } from "./store/hub-store.ts";

export interface HubDeps {
  store: HubStore;
  adminToken: string;
  log: Logger;
  fleet?: FleetSettings;
  now?: () => Date;
  taxonomy?: Taxonomy;
}

/** The hub's routes, one router per resource; every error renders as { error: { code, message, requestId } }. */
export function createHubApp(deps: HubDeps): Hono {
  const enrolment = new EnrolmentService(deps.store);
  const ingest = new IngestService(deps.store);
  const fleet = new FleetService(deps.store, deps.fleet ?? DEFAULT_FLEET_SETTINGS, deps.now);
  const policies = new PolicyService(deps.store, deps.taxonomy ?? loadDefaultTaxonomy(), deps.now);
  const app = new Hono();
  app.use("*", async (c, next) => {
    c.set("requestId" as never, randomUUID() as never);
    const started = performance.now();
    await next();
    deps.log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
  app.onError((error, c) => {
    const requestId = (c.get("requestId" as never) as string | undefined) ?? null;
    const known =
      error instanceof HubError ? error : new HubError("internal", "internal error", undefined, { cause: error });
    if (known.code === "internal") deps.log.error({ err: error, requestId }, "request failed");
    return c.json(
      { error: { code: known.code, message: known.message, details: known.details ?? null, requestId } },
      ERROR_STATUS[known.code],
    );
  });
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/api/sites", sitesRoutes(enrolment, fleet, policies, deps.adminToken));
  app.route("/api/agents", agentsRoutes(enrolment, ingest, fleet, policies));
  app.notFound(() => {
    throw new HubError("not-found", "no such route");
  });
  return app;
}
