import { WEEKDAYS } from "@fenceline/shared/policy";
import { z } from "zod";
import { alertRouteSchema } from "./alert-routes.ts";
import { zoneFormatter } from "./local-time.ts";

/** The IANA zones this Node knows (and UTC, which it lists only under region names); anything else would stop alerting. */
const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM");
const contact = z.strictObject({ name: z.string().min(1).max(200), email: z.email() });

/** Who hears about a site's serious incidents, and when the out-of-hours list takes over. */
export const siteAlertingSchema = z.strictObject({
  timezone: z
    .string()
    .refine((zone) => TIME_ZONES.has(zone), "an IANA time zone, such as Europe/London")
    .default("Europe/London"),
  /** Staffed hours; outside them the out-of-hours contacts are alerted as well as the DSLs. */
  officeHours: z
    .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), from: clock, to: clock })
    .default({ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "17:00" }),
  outOfHours: z.array(contact).max(20).default([]),
  /** A Teams / Slack style incoming webhook; it receives JSON with a `text` field. */
  webhookUrl: z.url().optional(),
  /** Where incidents go by kind, category and grade; none: the built-in routes. */
  routes: z.array(alertRouteSchema).max(50).default([]),
  /** How long a high or critical alert may go unacknowledged before the next person on its route hears. */
  // Fractions of a minute too (down to 3 s), so a wait can be tried out without waiting a quarter hour.
  escalateAfterMinutes: z
    .number()
    .min(0.05)
    .max(24 * 60)
    .default(15),
});

export type SiteAlerting = z.infer<typeof siteAlertingSchema>;

export const DEFAULT_SITE_ALERTING: SiteAlerting = siteAlertingSchema.parse({});

/** A site's weekday and wall-clock time, for its office hours. */
const WEEKDAY_CLOCK: Intl.DateTimeFormatOptions = {
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};

/** Whether `at` falls inside the site's office hours, in the site's time zone. */
export function inOfficeHours(settings: SiteAlerting, at: Date): boolean {
  const parts = zoneFormatter(settings.timezone, WEEKDAY_CLOCK).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = get("weekday").toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number];
  const time = `${get("hour")}:${get("minute")}`;
  const { days, from, to } = settings.officeHours;
  return days.includes(day) && time >= from && time < to;
}
