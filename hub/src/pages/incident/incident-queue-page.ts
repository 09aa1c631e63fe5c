import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { html } from "hono/html";
import { INCIDENT_STATES } from "../../domain/incident-workflow.ts";
import { options } from "../form-fields.ts";
import { page, severity, table, when } from "../layout.ts";
import { getPage, type PageDef, type PageDeps } from "../page-def.ts";
import { kindLabel } from "./labels.ts";

const OPEN = "new,triaged,escalated,actions,awaiting-authorities,review";

/** The DSL's incident queue, filtered by state and severity; reported concerns beside the filter's. */
export function incidentQueuePage({ actions, taxonomy, zoneOf }: PageDeps): PageDef {
  const categoryName = (id: string) => taxonomy.byId.get(id)?.name ?? id;
  return getPage("/incidents", "incidents:read", (c, { actor }) => {
    const pick = (name: string, values: readonly string[]) =>
      c.req
        .query(name)
        ?.split(",")
        .filter((s) => values.includes(s));
    const states = pick("state", INCIDENT_STATES);
    const sev = pick("severity", SEVERITIES_MOST_SEVERE_FIRST);
    const incidents = actions.incidents.list(actor, {
      ...(states?.length ? { states: states as never } : {}),
      ...(sev?.length ? { severities: sev as never } : {}),
      limit: 200,
    });
    const filter = html`<form method="get" action="/incidents" class="row" style="align-items:end">
<div><label for="state">State</label><select id="state" name="state"><option value="">any</option>${options(INCIDENT_STATES, c.req.query("state"))}
<option value="${OPEN}" ${c.req.query("state") === OPEN ? "selected" : ""}>open</option></select></div>
<div><label for="severity">Severity</label><select id="severity" name="severity"><option value="">any</option>${options(SEVERITIES_MOST_SEVERE_FIRST, c.req.query("severity"))}</select></div>
<div><button type="submit">Filter</button></div></form>`;
    return page(
      c,
      "Incidents",
      html`${filter}${table(
        ["No.", "First seen", "Site", "Kind", "Person or client", "Group", "Category", "Severity", "Look-ups", "State"],
        incidents.map((i) => {
          const reported = i.source === "report";
          const zone = zoneOf(i.siteId);
          return [
            html`<a href="/incidents/${i.id}">#${i.id}</a>`,
            when(i.firstSeen, zone),
            i.siteId,
            kindLabel(i.kind),
            // A reported concern has no client or look-ups: who reported it, and when, instead.
            reported
              ? `reported by ${i.submittedBy ?? "the anonymous form"} on ${when(i.openedAt, zone)}`
              : `${"personName" in i && i.personName ? `${i.personName} · ` : ""}${
                  i.hostname ? `${i.hostname} (${i.clientAddress})` : i.clientAddress
                }`,
            i.group || "–",
            i.category ? categoryName(i.category) : "–",
            severity(i.severity),
            reported ? "–" : i.eventCount,
            i.state,
          ];
        }),
        "No incident matches.",
      )}`,
    );
  });
}
