import { html } from "hono/html";
import { z } from "zod";
import { PERSON_KINDS, type PersonKind } from "../domain/directory-fields.ts";
import { actorCan } from "../domain/roles.ts";
import { pager, pathParam, textInput } from "./directory-page-parts.ts";
import { options } from "./form-fields.ts";
import { csrfField, page, table } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** The person form's fields, as the pages post them; tags separated by commas. */
export const personForm = formSchema({
  kind: field(),
  displayName: field(),
  externalId: field(),
  username: field(),
  yearGroup: field(),
  tutorGroup: field(),
  tags: field(),
});
/** The person's fields from the form (only its own: the form also carries its CSRF token). */
export const personOfForm = (form: z.infer<typeof personForm>) => ({
  displayName: form.displayName,
  externalId: form.externalId,
  username: form.username,
  yearGroup: form.yearGroup,
  tutorGroup: form.tutorGroup,
  ...((PERSON_KINDS as readonly string[]).includes(form.kind) ? { kind: form.kind as PersonKind } : {}),
  tags: form.tags
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean),
});

/** The person form's controls, filled with `person` when editing. */
export function personControls(person?: { [K in keyof z.infer<typeof personForm>]?: string | null }) {
  return html`<label for="kind">Kind</label><select id="kind" name="kind">${options(PERSON_KINDS, person?.kind ?? "pupil")}</select>
${textInput("displayName", "Display name", person?.displayName, true)}
${textInput("externalId", "External id (UPN, MIS id)", person?.externalId)}
${textInput("username", "Username (network login)", person?.username)}
${textInput("yearGroup", "Year group", person?.yearGroup)}
${textInput("tutorGroup", "Tutor group", person?.tutorGroup)}
${textInput("tags", "Tags (comma-separated directory groups)", person?.tags)}`;
}

const listQuery = z.object({
  q: z.string().max(100).catch(""),
  yearGroup: z.string().max(100).catch(""),
  offset: z.coerce.number().int().min(0).max(1_000_000).catch(0),
});

/** People of a site: the list with its search, and adding one (the person page is person-page.ts). */
export function peoplePages({ actions }: PageDeps): PageDef[] {
  return [
    getPage("/people", "devices:read", (c, { actor }) => {
      const sites = actions.sites.list(actor);
      const people = actorCan(actor, "people:read");
      return page(
        c,
        "People and devices",
        html`${table(
          ["Site", "", ""],
          sites.map((site) => [
            site.name,
            people ? html`<a href="/sites/${site.id}/people">People</a>` : "",
            html`<a href="/sites/${site.id}/devices">Devices</a>`,
          ]),
          "No sites.",
        )}
<p class="muted">People and devices are personal data: the DSL roles see people; ICT sees devices, with their owners as pseudonyms.</p>`,
      );
    }),
    getPage("/sites/:siteId/people", "people:read", (c, { actor }) => {
      const siteId = pathParam(c, "siteId");
      const query = listQuery.parse(c.req.query());
      const found = actions.people.list(actor, {
        siteId,
        ...(query.q ? { q: query.q } : {}),
        ...(query.yearGroup ? { yearGroup: query.yearGroup } : {}),
        offset: query.offset,
      });
      const manage = actorCan(actor, "people:manage");
      return page(
        c,
        `People of ${siteId}`,
        html`<form method="get" class="row" style="align-items:end" role="search">
<div><label for="q">Name, external id or username</label><input id="q" name="q" value="${query.q}"></div>
<div><label for="yearGroup">Year group</label><input id="yearGroup" name="yearGroup" value="${query.yearGroup}"></div>
<div><button>Search</button></div></form>
${table(
  ["Name", "Kind", "External id", "Username", "Year", "Tutor group"],
  found.people.map((p) => [
    html`<a href="/sites/${siteId}/people/${p.id}">${p.displayName}</a>`,
    p.kind,
    p.externalId ?? "–",
    p.username ?? "–",
    p.yearGroup ?? "–",
    p.tutorGroup ?? "–",
  ]),
  "Nobody matches.",
)}${pager(`/sites/${siteId}/people`, { q: query.q, yearGroup: query.yearGroup }, found)}
${
  manage
    ? html`<p><a href="/sites/${siteId}/people/import">Import from the MIS or directory export</a></p>
<details><summary>Add a person</summary><form method="post" action="/sites/${siteId}/people">${csrfField(c)}
${personControls()}<p><button>Add person</button></p></form></details>`
    : ""
}`,
      );
    }),
    formAction(
      "/sites/:siteId/people",
      "people:manage",
      { form: personForm, back: (c) => `/sites/${pathParam(c, "siteId")}/people` },
      (c, { actor, form }) => {
        const made = actions.people.create(actor, { siteId: pathParam(c, "siteId"), person: personOfForm(form) });
        return `Person ${made.id} added.`;
      },
    ),
  ];
}
