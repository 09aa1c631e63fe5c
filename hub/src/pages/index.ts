import type { Hono } from "hono";
import type { HubServices } from "../hub-services.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { accountPage } from "./account-page.ts";
import { adminPages } from "./admin-pages.ts";
import { authPages } from "./auth-pages.ts";
import { eventPages } from "./event-pages.ts";
import { incidentPages } from "./incident-pages.ts";
import { overviewPage } from "./overview-page.ts";
import { policyGroupPage } from "./policy-group-page.ts";
import { reportPages } from "./report-pages.ts";
import { sitePages } from "./site-pages.ts";

/** The dashboard: server-rendered pages over the same services as the API, forms with CSRF tokens. */
export function mountPages(app: Hono<HubEnv>, services: HubServices, secureCookies: boolean): void {
  authPages(app, services, secureCookies);
  overviewPage(app, services);
  incidentPages(app, services);
  eventPages(app, services);
  sitePages(app, services);
  policyGroupPage(app, services);
  reportPages(app, services);
  adminPages(app, services);
  accountPage(app, services);
}
