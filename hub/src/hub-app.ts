import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { createActions, type HubActions } from "./actions/index.ts";
import { DEFAULT_REPORTS } from "./config/hub-config.ts";
import { loadIncidentRules } from "./domain/incident-rules.ts";
import { loadResponseRules } from "./domain/response-rules.ts";
import { loadDefaultTaxonomy } from "./domain/taxonomy.ts";
import { DEFAULT_WEBHOOK_POLICY } from "./domain/webhook-policy.ts";
import { authenticate } from "./http/authenticate.ts";
import type { HubEnv } from "./http/hub-env.ts";
import { noStore } from "./http/no-store.ts";
import { refuseNulAddress } from "./http/refuse-nul-address.ts";
import { ERROR_STATUS, HubError } from "./hub-error.ts";
import { createHubServices, type HubServices, type HubSettings } from "./hub-services.ts";
import { hubPages, mountPages, type PageDef } from "./pages/index.ts";
import { agentsRoutes } from "./routes/agents-routes.ts";
import { alertAcknowledgementRoutes } from "./routes/alert-acknowledgement-routes.ts";
import { annualReviewRoutes } from "./routes/annual-review-routes.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { coverageRoutes } from "./routes/coverage-routes.ts";
import { deviceRoutes } from "./routes/device-routes.ts";
import { eventsRoutes } from "./routes/events-routes.ts";
import { evidenceRoutes } from "./routes/evidence-routes.ts";
import { filterCheckRoutes } from "./routes/filter-check-routes.ts";
import { incidentReportsRoutes } from "./routes/incident-reports-routes.ts";
import { incidentsRoutes } from "./routes/incidents-routes.ts";
import { openApiDocument } from "./routes/openapi-document.ts";
import { peopleRoutes } from "./routes/people-routes.ts";
import { personSafeguardingRoutes } from "./routes/person-safeguarding-routes.ts";
import { reportsRoutes } from "./routes/reports-routes.ts";
import { reviewRequestRoutes } from "./routes/review-request-routes.ts";
import { roamingRoutes } from "./routes/roaming-routes.ts";
import { mountRoutes, type RouteDef, route } from "./routes/route-def.ts";
import { sitesRoutes } from "./routes/sites-routes.ts";
import { usersRoutes } from "./routes/users-routes.ts";
import { DEFAULT_ALERT_JOBS } from "./services/alert-sweeper.ts";
import { DEFAULT_ATTACHMENT_SETTINGS } from "./services/attachment-service.ts";
import { DEFAULT_AUTH_SETTINGS } from "./services/auth-service.ts";
import { DEFAULT_FLEET_SETTINGS } from "./services/fleet-service.ts";
import { DEFAULT_RETENTION } from "./services/retention-service.ts";
import type { HubStores } from "./store/open-stores.ts";
import { isConnectionFailure } from "./store/pg/pg-error.ts";

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
    responseRules: overrides.responseRules ?? loadResponseRules(),
    fleet: overrides.fleet ?? DEFAULT_FLEET_SETTINGS,
    auth: overrides.auth ?? DEFAULT_AUTH_SETTINGS,
    retention: overrides.retention ?? DEFAULT_RETENTION,
    smtp: overrides.smtp ?? null,
    publicUrl: overrides.publicUrl ?? "http://127.0.0.1:8080",
    webhooks: overrides.webhooks ?? DEFAULT_WEBHOOK_POLICY,
    reports: overrides.reports ?? DEFAULT_REPORTS,
    alertJobs: overrides.alertJobs ?? DEFAULT_ALERT_JOBS,
    attachments: overrides.attachments ?? DEFAULT_ATTACHMENT_SETTINGS,
  };
}

/** Every API route of the hub, as data. */
export function hubRoutes(actions: HubActions, settings: HubSettings, secureCookies: boolean): RouteDef[] {
  const routes = [
    ...authRoutes(actions, secureCookies),
    ...usersRoutes(actions),
    ...sitesRoutes(actions),
    ...coverageRoutes(actions),
    ...agentsRoutes(actions),
    ...incidentsRoutes(actions),
    ...incidentReportsRoutes(actions),
    ...evidenceRoutes(actions),
    ...alertAcknowledgementRoutes(actions),
    ...eventsRoutes(actions),
    ...auditRoutes(actions),
    ...reportsRoutes(actions, settings.reports),
    ...roamingRoutes(actions),
    ...peopleRoutes(actions),
    ...deviceRoutes(actions),
    ...personSafeguardingRoutes(actions),
    ...annualReviewRoutes(actions),
    ...reviewRequestRoutes(actions),
    ...filterCheckRoutes(actions),
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

/** The services and the actions on them, without HTTP: what the command line needs. */
export function createHubActions(deps: Pick<HubDeps, "stores" | "log" | "settings" | "now">) {
  const services = createHubServices(deps.stores, defaultHubSettings(deps.settings), deps.log, deps.now);
  return { services, actions: createActions(services) };
}

export interface Hub {
  app: Hono<HubEnv>;
  services: HubServices;
  /** Every use case, as the API, the pages, the command line and the jobs call it. */
  actions: HubActions;
  routes: RouteDef[];
  pages: PageDef[];
}

/**
 * The hub: services and actions built once, routes and pages mounted behind their guards; every
 * API error renders as { error: { code, message, requestId } }, every page error as a page or a form message.
 */
export function createHub(deps: HubDeps): Hub {
  const { services, actions } = createHubActions(deps);
  const secureCookies = deps.secureCookies ?? false;
  const routes = hubRoutes(actions, services.settings, secureCookies);
  const pages = hubPages({
    actions,
    taxonomy: services.settings.taxonomy,
    secureCookies,
    publicUrl: services.settings.publicUrl,
    zoneOf: (siteId) => services.policies.timeZone(siteId),
  });
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
    const known = asHubError(error);
    if (known.code === "unavailable" && !(error instanceof HubError))
      deps.log.warn({ err: error, requestId }, "database unreachable");
    if (known.code === "internal") deps.log.error({ err: error, requestId }, "request failed");
    const retryAfter = (known.details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === "number") c.header("retry-after", String(retryAfter));
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
      // A download sets its own, stricter policy (sandbox: http/download.ts); the rest get these.
      overwrite: false,
      // HSTS only where the hub is served over HTTPS; over plain HTTP it would be ignored or, behind a proxy, wrong.
      strictTransportSecurity:
        secureCookies || services.settings.publicUrl.startsWith("https:")
          ? "max-age=15552000; includeSubDomains"
          : false,
    }),
  );
  app.use("*", noStore());
  app.use("*", refuseNulAddress());
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.use("*", authenticate(actions, services.settings.auth.trustedProxies));
  mountRoutes(app, routes, actions);
  mountPages(app, pages, actions);
  app.notFound(() => {
    throw new HubError("not-found", "no such route");
  });
  return { app, services, actions, routes, pages };
}

export function createHubApp(deps: HubDeps): Hono<HubEnv> {
  return createHub(deps).app;
}

/** What a failed request answers: its own HubError; 503 while the database is out of reach; else 500. */
function asHubError(error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (isConnectionFailure(error))
    return new HubError("unavailable", "the database cannot be reached just now; try again", undefined, {
      cause: error,
    });
  return new HubError("internal", "internal error", undefined, { cause: error });
}
