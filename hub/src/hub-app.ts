import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { DEFAULT_REPORTS } from "./config/hub-config.ts";
import { loadIncidentRules } from "./domain/incident-rules.ts";
import { loadDefaultTaxonomy } from "./domain/taxonomy.ts";
import { ERROR_STATUS, HubError } from "./hub-error.ts";
import { createHubServices, type HubServices, type HubSettings } from "./hub-services.ts";
import { mountPages } from "./pages/index.ts";
import { agentsRoutes } from "./routes/agents-routes.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { eventsRoutes } from "./routes/events-routes.ts";
import { incidentsRoutes } from "./routes/incidents-routes.ts";
import { openApiDocument } from "./routes/openapi-document.ts";
import { reportsRoutes } from "./routes/reports-routes.ts";
import { authenticate, type HubEnv, mountRoutes, type RouteDef, route } from "./routes/route-def.ts";
import { sitesRoutes } from "./routes/sites-routes.ts";
import { usersRoutes } from "./routes/users-routes.ts";
import { DEFAULT_AUTH_SETTINGS } from "./services/auth-service.ts";
import { DEFAULT_FLEET_SETTINGS } from "./services/fleet-service.ts";
import { DEFAULT_RETENTION } from "./services/retention-service.ts";
import type { HubStores } from "./store/open-stores.ts";

const HUB_VERSION = "0.1.0";

export interface HubDeps {
  stores: HubStores;
  log: Logger;
  settings?: Partial<HubSettings>;
  /** Session cookies only over HTTPS; off for plain-HTTP loopback use. */
  secureCookies?: boolean;
  now?: () => Date;
}

export function defaultHubSettings(overrides: Partial<HubSettings> = {}): HubSettings {
  return {
    taxonomy: overrides.taxonomy ?? loadDefaultTaxonomy(),
    rules: overrides.rules ?? loadIncidentRules(),
    fleet: overrides.fleet ?? DEFAULT_FLEET_SETTINGS,
    auth: overrides.auth ?? DEFAULT_AUTH_SETTINGS,
    retention: overrides.retention ?? DEFAULT_RETENTION,
    smtp: overrides.smtp ?? null,
    publicUrl: overrides.publicUrl ?? "http://127.0.0.1:8080",
    reports: overrides.reports ?? DEFAULT_REPORTS,
  };
}

/** Every API route of the hub, as data. */
function hubRoutes(services: HubServices, secureCookies: boolean): RouteDef[] {
  const routes = [
    ...authRoutes(services, secureCookies),
    ...usersRoutes(services),
    ...sitesRoutes(services),
    ...agentsRoutes(services),
    ...incidentsRoutes(services),
    ...eventsRoutes(services),
    ...auditRoutes(services),
    ...reportsRoutes(services),
  ];
  routes.push(
    route({
      method: "GET",
      path: "/api/openapi.json",
      tag: "meta",
      summary: "This API's OpenAPI 3.1 description",
      access: "public",
      handle: (c) => c.json(openApiDocument(routes, HUB_VERSION)),
    }),
  );
  return routes;
}

/** The hub: services built once, routes mounted behind their guards; every error renders as { error: { code, message, requestId } }. */
export function createHub(deps: HubDeps): { app: Hono<HubEnv>; services: HubServices; routes: RouteDef[] } {
  const services = createHubServices(deps.stores, defaultHubSettings(deps.settings), deps.log, deps.now);
  const routes = hubRoutes(services, deps.secureCookies ?? false);
  const app = new Hono<HubEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", randomUUID());
    const started = performance.now();
    await next();
    deps.log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
  app.onError((error, c) => {
    const requestId = c.get("requestId") ?? null;
    const known =
      error instanceof HubError ? error : new HubError("internal", "internal error", undefined, { cause: error });
    if (known.code === "internal") deps.log.error({ err: error, requestId }, "request failed");
    return c.json(
      { error: { code: known.code, message: known.message, details: known.details ?? null, requestId } },
      ERROR_STATUS[known.code],
    );
  });
  // Pages carry no script and load nothing from elsewhere; the policy says so to the browser.
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "same-origin",
    }),
  );
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.use("*", authenticate(services));
  mountRoutes(app, routes, services);
  mountPages(app, services, deps.secureCookies ?? false);
  app.notFound(() => {
    throw new HubError("not-found", "no such route");
  });
  return { app, services, routes };
}

export function createHubApp(deps: HubDeps): Hono<HubEnv> {
  return createHub(deps).app;
}
