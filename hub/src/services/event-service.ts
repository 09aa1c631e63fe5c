import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { EventFilter, EventRow } from "../store/event-query-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { Pseudonymiser } from "./pseudonymiser.ts";

/** Searching flagged lookups: limited to the user's sites, identities masked unless they may see them. */
export class EventService {
  private readonly stores: HubStores;
  private readonly privacy: Pseudonymiser;

  constructor(stores: HubStores, privacy: Pseudonymiser) {
    this.stores = stores;
    this.privacy = privacy;
  }

  search(actor: Actor, filter: Omit<EventFilter, "sites">): EventRow[] {
    if (filter.site && !actorSeesSite(actor, filter.site)) throw new HubError("not-found", `no site "${filter.site}"`);
    const identities = actorCan(actor, "identities:read");
    if (filter.client && !identities)
      throw new HubError("forbidden", "searching by client needs the identity permission (DSL)");
    const rows = this.stores.eventQueries.search({ ...filter, sites: actor.sites });
    return identities ? rows : rows.map((row) => this.privacy.mask(row));
  }
}
