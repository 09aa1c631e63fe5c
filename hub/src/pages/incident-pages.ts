import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { html } from "hono/html";
import { z } from "zod";
import { ACTION_KINDS, AGENCIES, INCIDENT_STATES, isTerminalState } from "../domain/incident-workflow.ts";
import { actorCan } from "../domain/roles.ts";
import { back, csrfField, type Markup, page, severity, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

const options = (values: readonly string[], selected?: string) =>
  values.map((v) => html`<option value="${v}" ${v === selected ? "selected" : ""}>${v}</option>`);

/** Turns a submitted form into an incident entry: the fields each kind takes, checkboxes as booleans. */
function entryFromForm(form: Record<string, string>): Record<string, unknown> {
  const { _csrf, kind, ...rest } = form;
  const entry: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(rest)) if (value !== "") entry[key] = value;
  if (kind === "details") {
    entry.illegalMaterial = form.illegalMaterial === "yes";
    entry.immediateRisk = form.immediateRisk === "yes";
  }
  if (kind === "correction") entry.ofSeq = Number(form.ofSeq);
  return entry;
}

/** The DSL's incident queue and the incident page with the whole response flow. */
export function incidentPages({ actions, taxonomy }: PageDeps): PageDef[] {
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
        ["No.", "First seen", "Site", "Client", "Group", "Category", "Severity", "Look-ups", "State"],
        incidents.map((i) => [
          html`<a href="/incidents/${i.id}">#${i.id}</a>`,
          when(i.firstSeen),
          i.siteId,
          i.hostname ? `${i.hostname} (${i.clientAddress})` : i.clientAddress,
          i.group,
          categoryName(i.category),
          severity(i.severity),
          i.eventCount,
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
    const details = view.record.details?.body ?? {};
    const canWrite = actorCan(actor, "incidents:write");
    // A closed incident takes only a reopening, a note or a correction.
    const ended = isTerminalState(i.state);
    const entryForm = (kind: string, title: string, fields: Markup) =>
      html`<form method="post" action="/incidents/${id}/entries"><fieldset><legend>${title}</legend>${csrfField(c)}
<input type="hidden" name="kind" value="${kind}">${fields}<p><button type="submit">Add to the record</button></p></fieldset></form>`;
    const forms = canWrite
      ? html`<h2>Act on it</h2><div class="row">
${entryForm(
  "transition",
  "Change state",
  html`<label for="to">Move to</label><select id="to" name="to">${options(view.allowedTransitions)}</select>
<label for="note">Note (needed to close as false positive or no further action, or to reopen)</label><textarea id="note" name="note" rows="2"></textarea>`,
)}
${
  ended
    ? ""
    : html`${entryForm(
        "details",
        "Details",
        html`<label for="reportedBy">Reported by</label><input id="reportedBy" name="reportedBy" required value="${String(details.reportedBy ?? "Fenceline alert")}">
<label for="reportedTo">Reported to</label><input id="reportedTo" name="reportedTo" required value="${String(details.reportedTo ?? actor.email)}">
<label for="description">What happened</label><textarea id="description" name="description" rows="3" required>${String(details.description ?? "")}</textarea>
<label for="illegalMaterial">Illegal material?</label><select id="illegalMaterial" name="illegalMaterial">${options(["no", "yes"], details.illegalMaterial ? "yes" : "no")}</select>
<label for="immediateRisk">Immediate risk?</label><select id="immediateRisk" name="immediateRisk">${options(["no", "yes"], details.immediateRisk ? "yes" : "no")}</select>`,
      )}
${entryForm(
  "regrade",
  "Re-grade",
  html`<label for="sev">Severity</label><select id="sev" name="severity">${options(SEVERITIES_MOST_SEVERE_FIRST, i.severity)}</select>
<label for="regrade-reason">Reason</label><input id="regrade-reason" name="reason" required>`,
)}
${entryForm(
  "referral",
  "Referral",
  html`<label for="agency">Agency</label><select id="agency" name="agency">${options(AGENCIES)}</select>
<label for="ref-date">Date</label><input id="ref-date" name="date" type="date" required>
<label for="reference">Reference</label><input id="reference" name="reference" required>`,
)}
${entryForm(
  "action",
  "Action taken",
  html`<label for="action">Action</label><select id="action" name="action">${options(ACTION_KINDS)}</select>
<label for="act-date">Date</label><input id="act-date" name="date" type="date" required>
<label for="detail">Detail</label><input id="detail" name="detail" required>`,
)}
${entryForm(
  "review",
  "Review",
  html`<label for="result">Review result</label><textarea id="result" name="result" rows="2" required></textarea>
<label for="sanctions">Sanctions</label><input id="sanctions" name="sanctions" required value="None">`,
)}`
}
${entryForm("note", "Note", html`<label for="text">Note</label><textarea id="text" name="text" rows="2" required></textarea>`)}
${entryForm(
  "correction",
  "Correct an entry",
  html`<label for="ofSeq">Entry number</label><input id="ofSeq" name="ofSeq" type="number" min="1" required>
<label for="corr-reason">Why it is wrong</label><input id="corr-reason" name="reason" required>`,
)}</div>`
      : "";
    const body = html`<p><strong>${severity(i.severity)}</strong> · ${categoryName(i.category)}
 · state <strong>${i.state}</strong> · site ${i.siteId} · client ${i.clientAddress}${i.hostname ? ` (${i.hostname})` : ""} · group ${i.group}
 · ${i.eventCount} look-up(s) from ${when(i.firstSeen)} to ${when(i.lastSeen)}${i.illegal ? html` · <strong>illegal-content category</strong>` : ""}</p>
${view.record.signedOff ? html`<p class="notice">Signed off by ${view.record.signedOff.by} on ${when(view.record.signedOff.at)}.</p>` : ""}
${forms}
<h2>Record</h2>${table(
      ["#", "When", "By", "Entry", "Content"],
      view.entries.map((e) => [
        e.seq,
        when(e.at),
        e.by,
        view.record.corrections.some((x) => x.body.ofSeq === e.seq) ? html`<s>${e.kind}</s> (corrected)` : e.kind,
        Object.entries(e.body)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join("; "),
      ]),
      "No entries.",
    )}
<h2>Look-ups in this incident</h2>${table(
      ["When", "Name", "Outcome", "Categories"],
      view.events.map((e) => [when(e.time), e.name, e.outcome, [...e.categories, ...e.monitored].join(", ")]),
      "None stored.",
    )}
<h2>The client's other flagged look-ups, 60 minutes either side</h2>${table(
      ["When", "Name", "Outcome", "Categories"],
      view.context.map((e) => [when(e.time), e.name, e.outcome, [...e.categories, ...e.monitored].join(", ")]),
      "None.",
    )}
<h2>Alerts</h2>${table(
      ["When", "Channel", "To", "Status"],
      view.alerts.map((a) => [
        when(a.at),
        a.channel,
        a.recipients.join(", "),
        a.status + (a.error ? `: ${a.error}` : ""),
      ]),
      "No alert for this incident.",
    )}`;
    return page(c, `Incident #${id}`, body);
  });

  const addEntry = postPage(
    "/incidents/:id/entries",
    "incidents:write",
    { form: z.record(z.string(), z.string()), back: (c) => `/incidents/${c.req.param("id")}` },
    (c, { actor, form }) => {
      const id = Number(c.req.param("id"));
      actions.incidents.addEntry(actor, { id, entry: entryFromForm(form) });
      return back(c, `/incidents/${id}`, { done: "Added to the record." });
    },
  );
  return [queue, incident, addEntry];
}
