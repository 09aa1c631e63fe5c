import type { Context } from "hono";
import { html } from "hono/html";
import type { HubActions } from "../actions/index.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import type { Device } from "../store/device-store.ts";
import type { Person } from "../store/person-store.ts";
import { pathParam } from "./directory-page-parts.ts";
import { back, csrfField, type Markup, page, table, when } from "./layout.ts";
import { formAction, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";
import { personControls, personForm, personOfForm } from "./people-pages.ts";

/** What each section of the person page is built from. */
export interface PersonPageContext {
  c: Context<HubEnv>;
  actor: Actor;
  actions: HubActions;
  person: Person;
  devices: Device[];
  /** The site's time zone, for times shown. */
  zone: string;
}

/** One section of the person page: markup, or "" when it has nothing to show this viewer. */
export type PersonSection = (page: PersonPageContext) => Markup | string;

const details: PersonSection = ({ person, zone }) => html`<dl class="facts">
<dt>Kind</dt><dd>${person.kind}</dd>
<dt>External id</dt><dd>${person.externalId ?? "–"}</dd>
<dt>Username</dt><dd>${person.username ?? "–"}</dd>
<dt>Year group</dt><dd>${person.yearGroup ?? "–"}</dd>
<dt>Tutor group</dt><dd>${person.tutorGroup ?? "–"}</dd>
<dt>Tags</dt><dd>${person.tags.join(", ") || "–"}</dd>
<dt>Updated</dt><dd>${when(person.updatedAt, zone)}</dd></dl>`;

const devices: PersonSection = ({ person, devices: owned }) =>
  html`<h2>Devices</h2>${table(
    ["Device", "Kind", "MAC", "Host name", "Label"],
    owned.map((d) => [
      html`<a href="/sites/${person.siteId}/devices/${d.id}">Device ${d.id}</a>`,
      d.kind,
      d.mac ?? "–",
      d.hostname ?? "–",
      d.label ?? "–",
    ]),
    "No devices recorded for this person.",
  )}`;

const edit: PersonSection = ({ c, actor, person }) => {
  if (!actorCan(actor, "people:manage")) return "";
  const at = `/sites/${person.siteId}/people/${person.id}`;
  return html`<h2>Edit</h2><form method="post" action="${at}">${csrfField(c)}
${personControls({ ...person, id: undefined, tags: person.tags.join(", ") })}<p><button>Save</button></p></form>
<form method="post" action="${at}/delete">${csrfField(c)}<button style="background:#c53030">Remove this person</button>
<span class="muted">Their devices stay, without an owner.</span></form>`;
};

const subjectAccess: PersonSection = ({ c, actor, person }) => {
  if (!actorCan(actor, "subject-access")) return "";
  const at = `/sites/${person.siteId}/people/${person.id}`;
  return html`<h2>Subject access and erasure</h2>
<p><a href="${at}/subject-access" download>Download everything held about this person</a> (their record, devices, and the events and incidents naming them or their devices; the download is logged).</p>
${
  actorCan(actor, "people:manage")
    ? html`<form method="post" action="${at}/erase">${csrfField(c)}<button style="background:#c53030">Erase this person</button>
<span class="muted">Removes their record, devices and name on events. Refused while an incident holds them: the incident keeps its record for its retention period.</span></form>`
    : ""
}`;
};

/**
 * The person page's sections, in order. Another part of the hub adds its own (history, watch,
 * sanctions) with one line here.
 */
export const PERSON_SECTIONS: PersonSection[] = [details, devices, edit, subjectAccess];

/** One person: their details, devices and the edit form, for the DSL roles. */
export function personPages({ actions, zoneOf }: PageDeps): PageDef[] {
  const at = (c: Context<HubEnv>) => `/sites/${pathParam(c, "siteId")}/people/${pathParam(c, "personId")}`;
  const ref = (c: Context<HubEnv>) => ({ siteId: pathParam(c, "siteId"), personId: pathParam(c, "personId") });
  return [
    getPage("/sites/:siteId/people/:personId", "people:read", (c, { actor }) => {
      const { person, devices: owned } = actions.people.get(actor, ref(c));
      const context = { c, actor, actions, person, devices: owned, zone: zoneOf(person.siteId) };
      return page(
        c,
        person.displayName,
        html`<p><a href="/sites/${person.siteId}/people">All people of ${person.siteId}</a></p>${PERSON_SECTIONS.map((section) => section(context))}`,
      );
    }),
    formAction(
      "/sites/:siteId/people/:personId",
      "people:manage",
      { form: personForm, back: at },
      (c, { actor, form }) => {
        actions.people.update(actor, { ...ref(c), person: personOfForm(form) });
        return "Saved.";
      },
    ),
    getPage("/sites/:siteId/people/:personId/subject-access", "subject-access", (c, { actor }) => {
      const exported = actions.retention.exportPerson(actor, ref(c));
      c.header("content-disposition", `attachment; filename="subject-access-person-${exported.person.id}.json"`);
      return c.json(exported);
    }),
    // A refusal (an incident holds them) goes back to the person; once erased, there is no person page.
    postPage("/sites/:siteId/people/:personId/erase", "subject-access", { back: at }, (c, { actor }) => {
      const erased = actions.retention.erasePerson(actor, ref(c));
      return back(c, `/sites/${pathParam(c, "siteId")}/people`, {
        done: `Person erased, with ${erased.devices} device(s); their name was removed from ${erased.eventsUnlinked} event(s).`,
      });
    }),
    formAction(
      "/sites/:siteId/people/:personId/delete",
      "people:manage",
      { back: (c) => `/sites/${pathParam(c, "siteId")}/people` },
      (c, { actor }) => {
        actions.people.delete(actor, ref(c));
        return "Person removed.";
      },
    ),
  ];
}
