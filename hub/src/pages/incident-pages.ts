import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { html } from "hono/html";
import { z } from "zod";
import { incidentKindLabel, YES_NO_UNSURE } from "../domain/incident-kinds.ts";
import { ACTION_KINDS, AGENCIES, INCIDENT_STATES, isTerminalState } from "../domain/incident-workflow.ts";
import { localToUtc } from "../domain/local-time.ts";
import { actorCan } from "../domain/roles.ts";
import { type FormField, formFields, options } from "./form-fields.ts";
import { acknowledgeSection } from "./incident-acknowledge.ts";
import { attachmentsSection } from "./incident-attachments.ts";
import { csrfField, page, severity, table, when } from "./layout.ts";
import { formAction, getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** Turns a submitted form into an incident entry: the fields each kind takes, checkboxes as booleans. */
function entryFromForm(form: Record<string, string>, zone: string): Record<string, unknown> {
  const { _csrf, kind, ...rest } = form;
  const entry: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(rest)) if (value !== "") entry[key] = value;
  // A time typed on the page is the site's wall clock.
  if (typeof entry.at === "string") entry.at = localToUtc(entry.at, zone) ?? entry.at;
  if (kind === "correction") entry.ofSeq = Number(form.ofSeq);
  return entry;
}

/** A stored answer to a yes / no / unsure question (older records hold booleans). */
const yesNo = (value: unknown) => (value === true ? "yes" : value === false ? "no" : String(value ?? "no"));

/** The DSL's incident queue and the incident page with the whole response flow. */
export function incidentPages({ actions, taxonomy, zoneOf }: PageDeps): PageDef[] {
  const categoryName = (id: string) => taxonomy.byId.get(id)?.name ?? id;
  const queue = getPage("/incidents", "incidents:read", (c, { actor }) => {
    const states = c.req
      .query("state")
      ?.split(",")
      .filter((s) => (INCIDENT_STATES as readonly string[]).includes(s));
    const sev = c.req
      .query("severity")
      ?.split(",")
      .filter((s) => (SEVERITIES_MOST_SEVERE_FIRST as readonly string[]).includes(s));
    const incidents = actions.incidents.list(actor, {
      ...(states?.length ? { states: states as never } : {}),
      ...(sev?.length ? { severities: sev as never } : {}),
      limit: 200,
    });
    const filter = html`<form method="get" action="/incidents" class="row" style="align-items:end">
<div><label for="state">State</label><select id="state" name="state"><option value="">any</option>${options(INCIDENT_STATES, c.req.query("state"))}
<option value="new,triaged,escalated,actions,review" ${c.req.query("state") === "new,triaged,escalated,actions,review" ? "selected" : ""}>open</option></select></div>
<div><label for="severity">Severity</label><select id="severity" name="severity"><option value="">any</option>${options(SEVERITIES_MOST_SEVERE_FIRST, c.req.query("severity"))}</select></div>
<div><button type="submit">Filter</button></div></form>`;
    return page(
      c,
      "Incidents",
      html`${filter}${table(
        ["No.", "First seen", "Site", "Kind", "Client", "Group", "Category", "Severity", "Look-ups", "State"],
        incidents.map((i) => [
          html`<a href="/incidents/${i.id}">#${i.id}</a>`,
          when(i.firstSeen, zoneOf(i.siteId)),
          i.siteId,
          incidentKindLabel(i.kind),
          // A reported concern has no client or look-ups: who reported it, and when, instead.
          i.source === "report"
            ? `reported by ${i.submittedBy ?? "the anonymous form"} on ${when(i.openedAt, zoneOf(i.siteId))}`
            : i.hostname
              ? `${i.hostname} (${i.clientAddress})`
              : i.clientAddress,
          i.group || "–",
          i.category ? categoryName(i.category) : "–",
          severity(i.severity),
          i.source === "report" ? "–" : i.eventCount,
          i.state,
        ]),
        "No incident matches.",
      )}`,
    );
  });

  const incident = getPage("/incidents/:id", "incidents:read", (c, { actor }) => {
    const id = Number(c.req.param("id"));
    const view = actions.incidents.view(actor, { id });
    const i = view.incident;
    const zone = zoneOf(i.siteId);
    const details = view.record.details?.body ?? {};
    const canWrite = actorCan(actor, "incidents:write");
    // A closed incident takes only a reopening, a note or a correction.
    const ended = isTerminalState(i.state);
    const entryForm = (kind: string, title: string, fields: readonly FormField[]) =>
      html`<form method="post" action="/incidents/${id}/entries"><fieldset><legend>${title}</legend>${csrfField(c)}
<input type="hidden" name="kind" value="${kind}">${formFields(fields)}<p><button type="submit">Add to the record</button></p></fieldset></form>`;
    const forms = canWrite
      ? html`<h2>Act on it</h2><div class="row">
${entryForm("transition", "Change state", [
  { id: "to", label: "Move to", select: view.allowedTransitions },
  {
    id: "note",
    label: "Note (needed to close as false positive or no further action, or to reopen)",
    textarea: 2,
    optional: true,
  },
])}
${
  ended
    ? ""
    : html`${entryForm("details", "Details", [
        {
          id: "reportedBy",
          label: "Reported by",
          input: "text",
          value: String(details.reportedBy ?? "Fenceline alert"),
        },
        { id: "reportedTo", label: "Reported to", input: "text", value: String(details.reportedTo ?? actor.email) },
        { id: "description", label: "What happened", textarea: 3, value: String(details.description ?? "") },
        {
          id: "illegalMaterial",
          label: "Illegal material?",
          select: YES_NO_UNSURE,
          value: yesNo(details.illegalMaterial),
        },
        {
          id: "immediateRisk",
          label: "Immediate risk?",
          select: YES_NO_UNSURE,
          value: yesNo(details.immediateRisk),
        },
      ])}
${entryForm("regrade", "Re-grade", [
  { id: "sev", name: "severity", label: "Severity", select: SEVERITIES_MOST_SEVERE_FIRST, value: i.severity },
  { id: "regrade-reason", name: "reason", label: "Reason", input: "text" },
])}
${entryForm("referral", "Referral", [
  { id: "agency", label: "Agency", select: AGENCIES },
  { id: "ref-at", name: "at", label: "Date and time", input: "datetime-local" },
  { id: "reference", label: "Reference", input: "text" },
])}
${entryForm("action", "Action taken", [
  { id: "action", label: "Action", select: ACTION_KINDS },
  { id: "act-date", name: "date", label: "Date", input: "date" },
  { id: "detail", label: "Detail", input: "text" },
])}
${entryForm("review", "Review", [
  { id: "result", label: "Review result", textarea: 2 },
  { id: "sanctions", label: "Sanctions", input: "text", value: "None" },
])}`
}
${entryForm("note", "Note", [{ id: "text", label: "Note", textarea: 2 }])}
${entryForm("correction", "Correct an entry", [
  { id: "ofSeq", label: "Entry number", input: "entry-number" },
  { id: "corr-reason", name: "reason", label: "Why it is wrong", input: "text" },
])}</div>`
      : "";
    const origin =
      i.source === "report"
        ? html` · state <strong>${i.state}</strong> · site ${i.siteId} · reported by ${view.record.reported?.by ?? i.submittedBy ?? "the anonymous form"} on ${when(i.openedAt, zone)}
 · happened ${when(i.firstSeen, zone)}${i.illegal ? html` · <strong>illegal material reported</strong>` : ""}`
        : html` · state <strong>${i.state}</strong> · site ${i.siteId} · client ${i.clientAddress}${i.hostname ? ` (${i.hostname})` : ""} · group ${i.group}
 · ${i.eventCount} look-up(s) from ${when(i.firstSeen, zone)} to ${when(i.lastSeen, zone)}${i.illegal ? html` · <strong>illegal-content category</strong>` : ""}`;
    const body = html`<p><strong>${severity(i.severity)}</strong> · ${i.source === "report" ? incidentKindLabel(i.kind) : categoryName(i.category)}${origin}</p>
${view.record.signedOff ? html`<p class="notice">Signed off by ${view.record.signedOff.by} on ${when(view.record.signedOff.at, zone)}.</p>` : ""}
${acknowledgeSection(c, id, actions.alertAcknowledgements.acknowledgement(actor, { id }), zone)}
${forms}
<h2>Record</h2>${table(
      ["#", "When", "By", "Entry", "Content"],
      view.entries.map((e) => [
        e.seq,
        when(e.at, zone),
        e.by,
        view.record.corrections.some((x) => x.body.ofSeq === e.seq) ? html`<s>${e.kind}</s> (corrected)` : e.kind,
        Object.entries(e.body)
          .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
          .join("; "),
      ]),
      "No entries.",
    )}
<h2>Look-ups in this incident</h2>${table(
      ["When", "Name", "Outcome", "Categories"],
      view.events.map((e) => [when(e.time, zone), e.name, e.outcome, [...e.categories, ...e.monitored].join(", ")]),
      "None stored.",
    )}
<h2>The client's other flagged look-ups, 60 minutes either side</h2>${table(
      ["When", "Name", "Outcome", "Categories"],
      view.context.map((e) => [when(e.time, zone), e.name, e.outcome, [...e.categories, ...e.monitored].join(", ")]),
      "None.",
    )}
<h2>Alerts</h2>${table(
      ["When", "Channel", "To", "Status"],
      view.alerts.map((a) => [
        when(a.at, zone),
        a.channel,
        a.recipients.join(", "),
        a.status + (a.error ? `: ${a.error}` : ""),
      ]),
      "No alert for this incident.",
    )}
${attachmentsSection(c, { id, state: i.state, attachments: actions.evidence.list(actor, { id }) }, zone)}`;
    return page(c, `Incident #${id}`, body);
  });

  const addEntry = formAction(
    "/incidents/:id/entries",
    "incidents:write",
    { form: z.record(z.string(), z.string()), back: (c) => `/incidents/${c.req.param("id")}` },
    (c, { actor, form }) => {
      const id = Number(c.req.param("id"));
      const zone = zoneOf(actions.incidents.siteOf(actor, { id }));
      actions.incidents.addEntry(actor, { id, entry: entryFromForm(form, zone) });
      return "Added to the record.";
    },
  );
  return [queue, incident, addEntry];
}
