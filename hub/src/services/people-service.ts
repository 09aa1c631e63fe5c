import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { Person, PersonFields, PersonFilter } from "../store/person-store.ts";
import { StoreService } from "./store-service.ts";

/**
 * The people of a site, one by one: a person of another site is not found, and no two people of a
 * site share an external id or a username (the directory import matches on them).
 */
export class PeopleService extends StoreService<HubStores> {
  /** The person, if they are of this site. */
  get(siteId: string, id: number): Person {
    const person = this.stores.people.get(id);
    if (!person || person.siteId !== siteId) throw new HubError("not-found", `no person ${id} at this site`);
    return person;
  }

  list(siteId: string, filter: PersonFilter) {
    return this.stores.people.list(siteId, filter);
  }

  create(siteId: string, fields: PersonFields): Person {
    return this.stores.transaction(() => {
      this.refuseClash(siteId, fields, null);
      return this.stores.people.insert(siteId, fields, this.now().toISOString());
    });
  }

  update(siteId: string, id: number, fields: PersonFields): { before: Person; after: Person } {
    return this.stores.transaction(() => {
      const before = this.get(siteId, id);
      this.refuseClash(siteId, fields, id);
      return { before, after: this.stores.people.update(id, fields, this.now().toISOString()) as Person };
    });
  }

  /**
   * Removes the person; their devices stay, without an owner. Refused while an incident names
   * them: the incident's record of who was involved is kept for its own retention period.
   */
  delete(siteId: string, id: number): Person {
    return this.stores.transaction(() => {
      const person = this.get(siteId, id);
      const holding = this.stores.personRecords.incidentIds(id, [], []);
      if (holding.length > 0)
        throw new HubError("conflict", `incident ${holding.join(", ")} names this person; they stay while it is kept`);
      this.stores.people.delete(id);
      return person;
    });
  }

  private refuseClash(siteId: string, fields: PersonFields, self: number | null): void {
    const byId = fields.externalId ? this.stores.people.byExternalId(siteId, fields.externalId) : undefined;
    if (byId && byId.id !== self)
      throw new HubError("conflict", `person ${byId.id} of this site already has external id "${fields.externalId}"`);
    const byLogin = fields.username ? this.stores.people.byUsername(siteId, fields.username) : undefined;
    if (byLogin && byLogin.id !== self)
      throw new HubError("conflict", `person ${byLogin.id} of this site already has username "${fields.username}"`);
  }
}
