import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import { INCIDENT_KINDS } from "./incident-kinds.ts";
import type { Actor } from "./roles.ts";

/** Someone on a route: everyone holding a role at the site, or one named hub user. */
export const routeRecipientSchema = z.union([
  z.strictObject({ role: z.enum(["dsl", "deputy-dsl", "ict-admin"]) }),
  z.strictObject({ user: z.email().max(254) }),
]);
export type RouteRecipient = z.infer<typeof routeRecipientSchema>;

const contact = z.strictObject({ name: z.string().min(1).max(200), email: z.email() });

/**
 * Where incidents of some kinds (and, for the filter's, some categories or category classes) at
 * or above a grade go. Recipients are in order: the first hears at once, and each next one when
 * nobody has acknowledged the alert within the site's escalation wait.
 */
export const alertRouteSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kinds: z.array(z.enum(INCIDENT_KINDS)).max(INCIDENT_KINDS.length).default([]),
  /** Taxonomy category ids or class ids, for incidents the filter raised. */
  categories: z.array(z.string().min(1).max(64)).max(200).default([]),
  minSeverity: z.enum(SEVERITIES_MOST_SEVERE_FIRST).default("high"),
  recipients: z.array(routeRecipientSchema).min(1).max(10),
  /** Alerted as well, out of office hours. */
  outOfHours: z.array(contact).max(20).default([]),
});
export type AlertRoute = z.infer<typeof alertRouteSchema>;

/** A concern about a member of staff, when no route names its people: the DSLs only, not the deputies. */
export const DEFAULT_RESTRICTED_RECIPIENTS: readonly RouteRecipient[] = [{ role: "dsl" }];

/** Who may see restricted incidents at a site: the recipients of the routes that take concerns about staff. */
export function restrictedAudience(routes: readonly AlertRoute[]): readonly RouteRecipient[] {
  const named = routes.filter((route) => route.kinds.includes("staff-concern")).flatMap((route) => route.recipients);
  return named.length > 0 ? named : DEFAULT_RESTRICTED_RECIPIENTS;
}

/** Whether the actor is one of the recipients (by role, or named by email). */
export function actorIsRecipient(actor: Pick<Actor, "role" | "email">, recipients: readonly RouteRecipient[]): boolean {
  const email = actor.email.toLowerCase();
  return recipients.some((r) => ("role" in r ? r.role === actor.role : r.user.toLowerCase() === email));
}
