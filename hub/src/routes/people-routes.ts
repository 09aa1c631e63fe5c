import type { HubActions } from "../actions/index.ts";
import { peopleImportInput, personInput } from "../actions/people.ts";
import { directoryQuery, IMPORT_MAX_BODY } from "./directory-query.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

const ref = (c: Parameters<typeof param>[0]) => ({ siteId: param(c, "siteId"), personId: param(c, "personId") });

/** A site's people: people:read to see, people:manage to change; personal data, seen by the DSL roles. */
export function peopleRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/sites/:siteId/people",
      tag: "people",
      summary: "A page of the site's people by name; search by name, external id or username, or by year group",
      access: "people:read",
      query: directoryQuery,
      handle: (c, { actor, query }) => c.json(actions.people.list(actor, { siteId: param(c, "siteId"), ...query })),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/people",
      tag: "people",
      summary: "Add a person (pupil, staff or visitor)",
      access: "people:manage",
      body: personInput,
      handle: (c, { actor, body }) =>
        c.json(actions.people.create(actor, { siteId: param(c, "siteId"), person: body }), 201),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/people/import",
      tag: "people",
      summary:
        "Import a directory or MIS export (CSV with a header row, columns mapped to fields): a dry run previews additions, updates and errors by line; matched on external id, else username",
      access: "people:manage",
      body: peopleImportInput,
      maxBody: IMPORT_MAX_BODY,
      handle: (c, { actor, body }) => c.json(actions.people.import(actor, { siteId: param(c, "siteId"), ...body })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/people/:personId",
      tag: "people",
      summary: "A person with their devices",
      access: "people:read",
      handle: (c, { actor }) => c.json(actions.people.get(actor, ref(c))),
    }),
    route({
      method: "PUT",
      path: "/api/sites/:siteId/people/:personId",
      tag: "people",
      summary: "Replace a person's details",
      access: "people:manage",
      body: personInput,
      handle: (c, { actor, body }) => c.json(actions.people.update(actor, { ...ref(c), person: body })),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/people/:personId/subject-access",
      tag: "privacy",
      summary:
        "Subject access for one person: their record, devices, and the events and incidents naming them or their devices; the export is logged",
      access: "subject-access",
      handle: (c, { actor }) => c.json(actions.retention.exportPerson(actor, ref(c))),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/people/:personId/erase",
      tag: "privacy",
      summary: "Erase a person: their record, devices and name on events; refused (409) while an incident holds them",
      access: "subject-access",
      handle: (c, { actor }) => c.json(actions.retention.erasePerson(actor, ref(c))),
    }),
    route({
      method: "DELETE",
      path: "/api/sites/:siteId/people/:personId",
      tag: "people",
      summary: "Remove a person; their devices stay, without an owner",
      access: "people:manage",
      handle: noContent((c, { actor }) => actions.people.delete(actor, ref(c))),
    }),
  ];
}
