import { html } from "hono/html";
import type { EventRow, EventSearch } from "../actions/events.ts";
import { eventsBefore } from "../domain/event-paging.ts";
import { LOCKED_ENTRY } from "../domain/locked-names.ts";
import { actorCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { tableCsv } from "../reports/render-csv.ts";
import { page, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

const FIELDS = ["site", "group", "category", "client", "outcome", "from", "to", "cursor"] as const;

/** The search form's fields that were filled in. */
function searchOf(query: Record<string, string>): EventSearch {
  const search: Record<string, string> = {};
  for (const field of FIELDS) if (query[field]) search[field] = query[field] as string;
  return search;
}

/** Searching flagged look-ups, paged, with a CSV export; identities masked for roles without them. */
export function eventPages({ actions, zoneOf }: PageDeps): PageDef[] {
  return [
    getPage("/events", "events:read", (c, { actor }) => {
      const query = c.req.query();
      // A bad cursor is answered with a 400 page, not as a problem with the filter fields.
      eventsBefore(query.cursor);
      let events: EventRow[] = [];
      let next: string | null = null;
      let problem = "";
      try {
        ({ events, next } = actions.events.search(actor, { ...searchOf(query), limit: 100 }));
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        problem = error.message;
      }
      const keep = new URLSearchParams(
        Object.entries(query).filter(([k, v]) => k !== "cursor" && v) as [string, string][],
      );
      const input = (name: string, label: string, type = "text") =>
        html`<div><label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${query[name] ?? ""}"></div>`;
      const form = html`<form method="get" action="/events" class="row" style="align-items:end">
${input("site", "Site")}${input("group", "Group")}${input("category", "Category")}
${actorCan(actor, "identities:read") ? input("client", "Client (address, host name or MAC)") : ""}
${input("outcome", "Outcome")}${input("from", "From", "date")}${input("to", "To", "date")}
<div><button type="submit">Search</button></div></form>`;
      return page(
        c,
        "Flagged look-ups",
        html`${form}${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
<p><a href="/events.csv?${keep.toString()}">Download these as CSV</a>${actorCan(actor, "identities:read") ? "" : html` · <span class="muted">Clients are shown as pseudonyms for your role, and names on locked lists (IWF, CTIRU) as "${LOCKED_ENTRY}".</span>`}</p>
${table(
  ["When", "Site", "Client", "Group", "Name", "Outcome", "Categories"],
  events.map((e) => [
    when(e.time, zoneOf(e.siteId)),
    e.siteId,
    e.hostname ?? e.clientAddress,
    e.group,
    e.name,
    e.outcome,
    [...e.categories, ...e.monitored].join(", "),
  ]),
  "No flagged look-up matches.",
)}${next ? html`<p><a href="/events?${keep.toString()}&cursor=${next}">Older look-ups</a></p>` : ""}`,
        // A refused search (a "from" that is not a date) is the request's fault: said on the form, as a 400.
        problem ? 400 : 200,
      );
    }),
    getPage("/events.csv", "events:read", (c, { actor }) => {
      const { cursor, ...search } = searchOf(c.req.query());
      // The export starts at the newest look-up; a cursor it was given must still be a good one.
      eventsBefore(cursor);
      const events = actions.events.export(actor, search);
      // Both: the exact UTC instant for machines and sorting, and the site's local time, labelled, for people.
      const csv = tableCsv(
        [
          "time (UTC)",
          "local time (site's zone)",
          "site",
          "client",
          "hostname",
          "group",
          "name",
          "outcome",
          "categories",
          "list",
          "rule",
        ],
        events.map((e) => [
          e.time,
          when(e.time, zoneOf(e.siteId)),
          e.siteId,
          e.clientAddress,
          e.hostname ?? "",
          e.group,
          e.name,
          e.outcome,
          [...e.categories, ...e.monitored].join(" "),
          e.list ?? "",
          e.rule ?? "",
        ]),
      );
      c.header("content-disposition", 'attachment; filename="fenceline-events.csv"');
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
    }),
  ];
}
