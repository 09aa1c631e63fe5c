import { html } from "hono/html";
import { guidedStep } from "../../domain/guided-step.ts";
import { actorCan } from "../../domain/roles.ts";
import { acknowledgeSection } from "../incident-acknowledge.ts";
import { attachmentsSection } from "../incident-attachments.ts";
import { type Markup, page, severity, when } from "../layout.ts";
import { getPage, type PageDef, type PageDeps } from "../page-def.ts";
import { fullRecord, lookupsAndAlerts } from "./full-record.ts";
import type { IncidentView } from "./incident-view.ts";
import { kindLabel } from "./labels.ts";
import { otherActions } from "./other-actions.ts";
import { personName, personSection } from "./person-section.ts";
import { stepSection } from "./step-forms.ts";

/** The steps as the DSL sees them in order, and which step ids each covers. */
const PROGRESS: [string, string[]][] = [
  ["Triage", ["triage"]],
  ["What happened", ["questions"]],
  ["Refer and act", ["refer-and-act"]],
  ["Awaiting the authorities", ["awaiting"]],
  ["Review", ["review"]],
  ["Sign-off", ["sign-off", "waiting-for-dsl"]],
  ["Closed", ["ended"]],
];

/** One incident: what it is, the next step of the flow as one form, other actions folded away, then the whole record. */
export function incidentPage({ actions, taxonomy, zoneOf }: PageDeps): PageDef {
  const categoryName = (id: string) => taxonomy.byId.get(id)?.name ?? id;
  return getPage("/incidents/:id", "incidents:read", (c, { actor }) => {
    const id = Number(c.req.param("id"));
    const view = actions.incidents.view(actor, { id });
    const i = view.incident;
    const zone = zoneOf(i.siteId);
    const reported = i.source === "report";
    const step = guidedStep({
      incident: i,
      record: view.record,
      flow: view.flow,
      allowedTransitions: view.allowedTransitions,
      can: (permission) => actorCan(actor, permission),
    });
    const ctx = { c, view, zone, email: actor.email };
    // Null unless the reader holds people:read (the DSL roles) and the hub knows who it was.
    const person = actions.incidents.person(actor, { id });
    const personPart = person
      ? personSection(person, {
          c,
          incidentId: id,
          zone,
          now: new Date(),
          mayAct: actorCan(actor, "people:safeguard"),
          categoryName,
        })
      : "";
    const progress = html`<ol class="progress" aria-label="The response flow">${PROGRESS.map(
      ([label, ids]) => html`<li ${ids.includes(step.id) ? html`aria-current="step"` : ""}>${label}</li>`,
    )}</ol>`;
    const what = reported ? kindLabel(i.kind) : categoryName(i.category);
    const body = html`${summary(view, zone, what, person ? personName(person.person) : null)}
${acknowledgeSection(c, id, actions.alertAcknowledgements.acknowledgement(actor, { id }), zone)}
${personPart}
${progress}${stepSection(step, ctx)}
${actorCan(actor, "incidents:write") ? otherActions(ctx) : ""}
${fullRecord(view, zone)}
${attachmentsSection(c, { id, state: i.state, attachments: actions.evidence.list(actor, { id }) }, zone)}
${lookupsAndAlerts(view, zone, reported)}`;
    return page(c, `Incident #${id}`, body);
  });
}

/** The line that says what the incident is: a reported concern by who reported it, a filter's by its client and look-ups. */
function summary(view: IncidentView, zone: string, what: string, person: string | null): Markup {
  const i = view.incident;
  const who = person ? html` · person <strong>${person}</strong>` : "";
  const origin =
    i.source === "report"
      ? html` · reported by ${view.record.reported?.by ?? i.submittedBy ?? "unknown"} on ${when(i.openedAt, zone)}`
      : html`${who} · client ${i.clientAddress}${i.hostname ? ` (${i.hostname})` : ""} · group ${i.group}
 · ${i.eventCount} look-up(s) from ${when(i.firstSeen, zone)} to ${when(i.lastSeen, zone)}`;
  return html`<p class="summary"><strong>${severity(i.severity)}</strong> · ${what} · state <strong>${i.state}</strong> · site ${i.siteId}${origin}${i.illegal ? html` · <strong>illegal-content category</strong>` : ""}${i.restricted ? html` · <strong>restricted to its route</strong>` : ""}</p>`;
}
