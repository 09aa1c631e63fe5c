import type { z } from "zod";
import { personFieldsSchema } from "../domain/directory-fields.ts";
import type { Actor } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import type { PersonFields } from "../store/person-store.ts";
import { requirePermission, validate } from "./access.ts";
import { changedFields, directoryListInput, requireKnownSite, rowId } from "./directory-access.ts";

export const personInput = personFieldsSchema;
const FIELDS: readonly (keyof PersonFields)[] = [
  "kind",
  "displayName",
  "externalId",
  "username",
  "yearGroup",
  "tutorGroup",
  "tags",
];

interface PersonRef {
  siteId: string;
  personId: string | number;
}

/**
 * People of a site: people:read to see them, people:manage to add, edit and remove them, always
 * within the actor's sites. Every change is audited by person id and the fields changed, not by
 * name or values.
 */
export function peopleActions(services: HubServices) {
  const { people, audit, stores } = services;
  const refOf = (actor: Actor, permission: "people:read" | "people:manage", ref: PersonRef) => {
    requirePermission(actor, permission);
    return { siteId: requireKnownSite(stores, actor, ref.siteId), id: rowId(ref.personId, "person") };
  };
  return {
    list(actor: Actor, { siteId: site, ...input }: { siteId: string } & z.input<typeof directoryListInput>) {
      requirePermission(actor, "people:read");
      const siteId = requireKnownSite(stores, actor, site);
      const { q, yearGroup, limit, offset } = validate(directoryListInput, input);
      return { ...people.list(siteId, { text: q, yearGroup, limit, offset }), limit, offset };
    },

    /** The person with their devices. */
    get(actor: Actor, ref: PersonRef) {
      const { siteId, id } = refOf(actor, "people:read", ref);
      return { person: people.get(siteId, id), devices: stores.devices.byOwner(id) };
    },

    create(actor: Actor, input: { siteId: string; person: z.input<typeof personInput> }) {
      requirePermission(actor, "people:manage");
      const siteId = requireKnownSite(stores, actor, input.siteId);
      const created = people.create(siteId, validate(personInput, input.person, "the person"));
      audit.record(actor, "person.created", `person:${created.id}`, { kind: created.kind }, siteId);
      return created;
    },

    update(actor: Actor, ref: PersonRef & { person: z.input<typeof personInput> }) {
      const { siteId, id } = refOf(actor, "people:manage", ref);
      const fields = validate(personInput, ref.person, "the person");
      const { before, after } = people.update(siteId, id, fields);
      audit.record(actor, "person.updated", `person:${id}`, { changed: changedFields(before, after, FIELDS) }, siteId);
      return after;
    },

    /** Removes the person; their devices stay, without an owner. */
    delete(actor: Actor, ref: PersonRef): void {
      const { siteId, id } = refOf(actor, "people:manage", ref);
      const removed = people.delete(siteId, id);
      audit.record(actor, "person.deleted", `person:${id}`, { kind: removed.kind }, siteId);
    },
  };
}
