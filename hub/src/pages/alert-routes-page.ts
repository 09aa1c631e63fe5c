import { html } from "hono/html";
import { INCIDENT_KIND_LABELS, type IncidentKind } from "../domain/incident-kinds.ts";
import { page, table } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** Who a site's incidents reach: each route in the order tried, its steps, and the wait between them. */
export function alertRoutesPages({ actions, taxonomy }: PageDeps): PageDef[] {
  const kindsOf = (kinds: readonly string[]) =>
    kinds.length === 0 ? "every kind" : kinds.map((k) => INCIDENT_KIND_LABELS[k as IncidentKind] ?? k).join(", ");
  const categoriesOf = (ids: readonly string[]) =>
    ids.length === 0 ? "every category" : ids.map((id) => taxonomy.byId.get(id)?.name ?? id).join(", ");
  return [
    getPage("/sites/:siteId/alerting", "incidents:read", (c, { actor }) => {
      const siteId = c.req.param("siteId") ?? "";
      const { routes, escalateAfterMinutes } = actions.alerting.routes(actor, { siteId });
      const rows = routes.map((r) => [
        html`${r.name}${r.builtIn ? html` <span class="muted">(built in)</span>` : ""}`,
        kindsOf(r.kinds),
        categoriesOf(r.categories),
        r.minSeverity,
        r.steps.length === 0
          ? html`<strong>nobody</strong>`
          : html`${r.steps.map((emails, i) => html`<div>${i + 1}. ${emails.join(", ")}</div>`)}`,
      ]);
      return page(
        c,
        `Alert routes: ${siteId}`,
        html`<p>An incident follows the first route that takes it. High and critical incidents alert the first step at once;
if nobody acknowledges the alert within ${escalateAfterMinutes} minute(s), the next step hears. Medium incidents go into the daily digest.
A concern about a member of staff is seen only by the people of the route that names its kind.</p>
${table(["Route", "Kinds", "Categories", "From grade", "Steps (who hears, in order)"], rows, "No route.")}`,
      );
    }),
  ];
}
