import type { z } from "zod";
import { type Actor, actorCan, actorSeesSite, type Permission } from "../domain/roles.ts";
import { HubError, issueLines } from "../hub-error.ts";

/** The command line, acting for whoever runs it on the hub's machine; audited as "system:cli". */
export const CLI_ACTOR: Actor = {
  userId: "system:cli",
  email: "system:cli",
  role: "ict-admin",
  sites: null,
  system: true,
};

/** The hub's own scheduled work (retention, report schedules); audited as "system". */
export const SYSTEM_ACTOR: Actor = { userId: "system", email: "system", role: "ict-admin", sites: null, system: true };

/** Refuses an actor whose role lacks `permission`. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission))
    throw new HubError("forbidden", `this needs the "${permission}" permission, which the ${actor.role} role lacks`);
}

/**
 * Refuses a site the actor does not work with, or that does not exist, as not found: a user
 * limited to some sites cannot tell another site's resources from ones that do not exist.
 */
export function requireSite(actor: Actor, siteId: string | undefined, missing = `no site "${siteId}"`): string {
  if (siteId === undefined || !actorSeesSite(actor, siteId)) throw new HubError("not-found", missing);
  return siteId;
}

/** Whether every one of `sites` is one the actor works with (a report over several sites, say). */
export function seesAllSites(actor: Actor, sites: readonly string[]): boolean {
  return sites.every((site) => actorSeesSite(actor, site));
}

/** An action's input checked against its schema: the request's fault, as invalid-request. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, what = "the request"): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HubError("invalid-request", `${what} is invalid`, issueLines(result.error.issues));
  return result.data;
}
