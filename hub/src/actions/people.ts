import { z } from "zod";
import { PERSON_COLUMNS, personMappingSchema } from "../domain/csv-columns.ts";
import { PERSON_KINDS, personFieldsSchema } from "../domain/directory-fields.ts";
import type { Actor } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import type { PersonFields } from "../store/person-store.ts";
import { requirePermission, validate } from "./access.ts";
import { changedFields, columnsOf, directoryListInput, requireKnownSite, rowId } from "./directory-access.ts";

export const personInput = personFieldsSchema;
/** A directory export to import: the file's text, which column fills which field, and whether only to preview. */
export const peopleImportInput = z.strictObject({
  csv: z.string(),
  mapping: personMappingSchema,
  defaultKind: z.enum(PERSON_KINDS).default("pupil"),
  dryRun: z.boolean().default(true),
});
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
  const { people, audit, stores, directoryImport } = services;
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

    /** A dry run (what would be added, updated, left unchanged, and each wrong line) or the import itself. */
    import(actor: Actor, { siteId: site, ...input }: { siteId: string } & z.input<typeof peopleImportInput>) {
      requirePermission(actor, "people:manage");
      const siteId = requireKnownSite(stores, actor, site);
      const { csv, mapping, defaultKind, dryRun } = validate(peopleImportInput, input);
      const report = directoryImport.importPeople({ siteId, csv, mapping, defaultKind, dryRun });
      if (!dryRun)
        audit.record(actor, "people.imported", null, { ...report.counts, fields: Object.keys(mapping) }, siteId);
      return report;
    },

    /** The columns of a file's header row, and a first guess at which fills which field. */
    /** The site to import into, if the actor may import there (the import page's first step). */
    importSite(actor: Actor, input: { siteId: string }): string {
      requirePermission(actor, "people:manage");
      return requireKnownSite(stores, actor, input.siteId);
    },

    importColumns(actor: Actor, input: { siteId: string; csv: string }) {
      requirePermission(actor, "people:manage");
      requireKnownSite(stores, actor, input.siteId);
      return columnsOf(input.csv, PERSON_COLUMNS);
    },

    /** Removes the person; their devices stay, without an owner. */
    delete(actor: Actor, ref: PersonRef): void {
      const { siteId, id } = refOf(actor, "people:manage", ref);
      const removed = people.delete(siteId, id);
      audit.record(actor, "person.deleted", `person:${id}`, { kind: removed.kind }, siteId);
    },
  };
}
