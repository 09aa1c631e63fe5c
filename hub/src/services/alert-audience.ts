import type { Logger } from "pino";
import { ROLE_PERMISSIONS } from "../domain/roles.ts";
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

/**
 * The site's settings and who to alert: its DSLs and deputies, and out of office hours its
 * out-of-hours contacts too. A failure here (settings stored before they were checked, a time
 * zone this Node does not know) must never stop an alert: it is recorded through `recordFailure`
 * and the alert goes to everyone, as out of hours, with the settings as far as they can be read.
 */
export function alertAudience(
  deps: AudienceDeps,
  siteId: string,
  at: Date,
  recordFailure: (error: string) => void,
): { settings: SiteAlerting; recipients: string[] } {
  let settings: SiteAlerting = DEFAULT_SITE_ALERTING;
  try {
    settings = deps.settings(siteId);
    return { settings, recipients: recipients(deps.stores, siteId, settings, inOfficeHours(settings, at)) };
  } catch (error) {
    recordFailure(
      `the site's alerting settings could not be applied, so everyone was alerted: ${(error as Error).message}`,
    );
    deps.log.error({ siteId, err: error }, "alerting settings failed; alerting everyone");
    const stored = deps.stores.alerts.settings(siteId) as Partial<SiteAlerting> | undefined;
    const fallback = { ...settings, ...(settings === DEFAULT_SITE_ALERTING ? lenient(stored) : {}) };
    return { settings: fallback, recipients: recipients(deps.stores, siteId, fallback, false) };
  }
}

/** What can be read of settings that no longer pass the schema: the contacts and the webhook, if well formed. */
function lenient(stored: Partial<SiteAlerting> | undefined): Partial<SiteAlerting> {
  const contacts = siteAlertingSchema.shape.outOfHours.safeParse(stored?.outOfHours);
  const webhook = siteAlertingSchema.shape.webhookUrl.safeParse(stored?.webhookUrl);
  return {
    ...(contacts.success ? { outOfHours: contacts.data } : {}),
    ...(webhook.success && webhook.data ? { webhookUrl: webhook.data } : {}),
  };
}

function recipients(stores: HubStores, siteId: string, settings: SiteAlerting, officeHours: boolean): string[] {
  const dsls = stores.users
    .all()
    .filter(
      (user) =>
        !user.disabledAt &&
        ROLE_PERMISSIONS[user.role].includes("incidents:write") &&
        (user.sites === null || user.sites.includes(siteId)),
    )
    .map((user) => user.email);
  const extra = officeHours ? [] : settings.outOfHours.map((contact) => contact.email);
  return [...new Set([...dsls, ...extra])];
}
