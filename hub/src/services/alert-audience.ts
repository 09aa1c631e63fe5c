import type { Logger } from "pino";
import type { AlertRoute, RouteRecipient } from "../domain/alert-routes.ts";
import { type ChosenRoute, matchRoute, type RouteQuery } from "../domain/route-match.ts";
import {
  DEFAULT_SITE_ALERTING,
  inOfficeHours,
  type SiteAlerting,
  siteAlertingSchema,
} from "../domain/site-alerting.ts";
import type { HubStores } from "../store/open-stores.ts";

interface AudienceDeps {
  stores: HubStores;
  /** The site's settings, checked (throws when stored ones no longer pass). */
  settings: (siteId: string) => SiteAlerting;
  log: Logger;
}

/** Who hears of one incident: its route, each step's people, and who else hears at the first step. */
export interface Audience {
  settings: SiteAlerting;
  route: ChosenRoute;
  /** Each recipient of the route as email addresses, in order; recipients with nobody behind them left out. */
  steps: string[][];
  /** Out-of-hours contacts (the route's, and the site's unless the incident is restricted), when they are due. */
  contacts: string[];
}

/**
 * The site's settings and who to alert: the incident's route, resolved to people. A failure here
 * (settings stored before they were checked, a time zone this Node does not know) must never stop
 * an alert: it is recorded through `recordFailure` and the alert follows the built-in routes, as
 * out of hours, with the contacts as far as they can be read.
 */
export function alertAudience(
  deps: AudienceDeps,
  siteId: string,
  query: RouteQuery & { atOnce: boolean },
  at: Date,
  recordFailure: (error: string) => void,
): Audience {
  try {
    const settings = deps.settings(siteId);
    const outOfHours = query.atOnce || !inOfficeHours(settings, at);
    return audience(deps.stores, siteId, settings, query, outOfHours);
  } catch (error) {
    recordFailure(
      `the site's alerting settings could not be applied, so the built-in routes were followed: ${(error as Error).message}`,
    );
    deps.log.error({ siteId, err: error }, "alerting settings failed; following the built-in routes");
    const fallback = { ...DEFAULT_SITE_ALERTING, ...lenient(deps.stores.alerts.settings(siteId)) };
    return audience(deps.stores, siteId, fallback, query, true);
  }
}

function audience(
  stores: HubStores,
  siteId: string,
  settings: SiteAlerting,
  query: RouteQuery,
  outOfHours: boolean,
): Audience {
  const route = matchRoute(settings.routes, query);
  const contacts = outOfHours
    ? [...route.route.outOfHours, ...(query.restricted ? [] : settings.outOfHours)].map((c) => c.email)
    : [];
  return { settings, route, steps: routeSteps(stores, siteId, route.route), contacts: [...new Set(contacts)] };
}

/** What can be read of settings that no longer pass the schema: the contacts and the webhook, if well formed. */
function lenient(stored: unknown): Partial<SiteAlerting> {
  const s = (stored ?? {}) as Partial<Record<keyof SiteAlerting, unknown>>;
  const contacts = siteAlertingSchema.shape.outOfHours.safeParse(s.outOfHours);
  const webhook = siteAlertingSchema.shape.webhookUrl.safeParse(s.webhookUrl);
  return {
    ...(contacts.success ? { outOfHours: contacts.data } : {}),
    ...(webhook.success && webhook.data ? { webhookUrl: webhook.data } : {}),
  };
}

/** Each recipient of the route as the enabled users at the site it names (a role: everyone holding it there). */
export function routeSteps(stores: HubStores, siteId: string, route: AlertRoute): string[][] {
  const users = stores.users
    .all()
    .filter((user) => !user.disabledAt && (user.sites === null || user.sites.includes(siteId)));
  const resolve = (recipient: RouteRecipient) =>
    "role" in recipient
      ? users.filter((user) => user.role === recipient.role).map((user) => user.email)
      : users.filter((user) => user.email.toLowerCase() === recipient.user.toLowerCase()).map((user) => user.email);
  // Someone named twice (by role and by name) hears at their first step only.
  const heard = new Set<string>();
  return route.recipients
    .map((recipient) => resolve(recipient).filter((email) => !heard.has(email) && heard.add(email)))
    .filter((emails) => emails.length > 0);
}
