import { type Actor, actorCan } from "../domain/roles.ts";
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

  /** Events at `filter.sites` (null: every site); identities masked, and not searchable, without the permission. */
  search(actor: Actor, filter: EventFilter): EventRow[] {
    const identities = actorCan(actor, "identities:read");
    if (filter.client && !identities)
      throw new HubError("forbidden", "searching by client needs the identity permission (DSL)");
    const rows = this.stores.eventQueries.search(filter);
    return identities ? rows : rows.map((row) => this.privacy.mask(row));
  }
}
