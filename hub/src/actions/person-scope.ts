import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { PersonSummary } from "../store/identity-lookup-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { requireSite } from "./access.ts";

/**
 * A person of a site the actor works with, or not found: a person at another site, or at a site
 * the actor does not see, does not exist for them.
 */
export function requirePerson(stores: HubStores, actor: Actor, siteId: string, personId: number): PersonSummary {
  const missing = `no person ${personId} at site "${siteId}"`;
  requireSite(actor, siteId, missing);
  const person = Number.isSafeInteger(personId) && personId > 0 ? stores.identities.person(personId) : undefined;
  if (!person || person.siteId !== siteId) throw new HubError("not-found", missing);
  return person;
}

/** Today's date ("2026-12-07") on the site's wall clock. */
export function localToday(now: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    now,
  );
}
