import type { Hono } from "hono";
import { html } from "hono/html";
import { eventsBefore, nextEventsCursor } from "../domain/event-paging.ts";
import { actorCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { tableCsv } from "../reports/render-csv.ts";
import type { HubEnv } from "../routes/route-def.ts";
import type { EventFilter } from "../store/event-query-store.ts";
import { page, table, when } from "./layout.ts";
import { pageHandler, signedIn } from "./page-guard.ts";

const FIELDS = ["site", "group", "category", "client", "outcome", "from", "to"] as const;

function filterOf(query: Record<string, string>): Omit<EventFilter, "sites" | "limit"> {
  const filter: Record<string, string> = {};
  for (const field of FIELDS) if (query[field]) filter[field] = query[field] as string;
  if (filter.from) filter.from = new Date(filter.from).toISOString();
  if (filter.to) filter.to = new Date(filter.to).toISOString();
  const before = eventsBefore(query.cursor);
  return { ...filter, ...(before ? { before } : {}) };
}

/** Searching flagged look-ups, paged, with a CSV export; identities masked for roles without them. */
export function eventPages(app: Hono<HubEnv>, services: HubServices): void {
  app.get(
    "/events",
    pageHandler((c) => {
      const actor = signedIn(c, "events:read");
      const query = c.req.query();
      // A bad cursor is answered with a 400 page, not as a problem with the filter fields.
      const filter = filterOf(query);
      let events: ReturnType<HubServices["events"]["search"]> = [];
      let problem = "";
      try {
        events = services.events.search(actor, { ...filter, limit: 100 });
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        problem = error.message;
      }
      const next = nextEventsCursor(events, 100);
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
<p><a href="/events.csv?${keep.toString()}">Download these as CSV</a>${actorCan(actor, "identities:read") ? "" : html` · <span class="muted">Clients are shown as pseudonyms for your role.</span>`}</p>
${table(
  ["When", "Site", "Client", "Group", "Name", "Outcome", "Categories"],
  events.map((e) => [
    when(e.time),
    e.siteId,
    e.hostname ?? e.clientAddress,
    e.group,
    e.name,
    e.outcome,
    [...e.categories, ...e.monitored].join(", "),
  ]),
  "No flagged look-up matches.",
)}${next ? html`<p><a href="/events?${keep.toString()}&cursor=${next}">Older look-ups</a></p>` : ""}`,
      );
    }),
  );
  app.get(
    "/events.csv",
    pageHandler((c) => {
      const actor = signedIn(c, "events:read");
      const events = services.events.search(actor, { ...filterOf(c.req.query()), limit: 10_000 });
      const csv = tableCsv(
        ["time", "site", "client", "hostname", "group", "name", "outcome", "categories", "list", "rule"],
        events.map((e) => [
          e.time,
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
      services.audit.record(actor, "events.exported", null, { rows: events.length });
      c.header("content-disposition", 'attachment; filename="fenceline-events.csv"');
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8" });
    }),
  );
}
