import type { Context } from "hono";
import { html } from "hono/html";
import {
  type CONCERN_SUBJECTS,
  INCIDENT_KIND_LABELS,
  incidentKindLabel,
  REPORTED_KINDS,
  YES_NO_UNSURE,
} from "../domain/incident-kinds.ts";
import { localToUtc } from "../domain/local-time.ts";
import type { Actor } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";
import { problemOf } from "./page-guard.ts";

const SUBJECT_LABELS: Record<(typeof CONCERN_SUBJECTS)[number], string> = {
  person: "A person",
  group: "A group",
  device: "A device",
  unknown: "Not known",
};

const concernForm = formSchema({
  siteId: field(),
  kind: field(),
  subject: field(),
  concernsDescription: field(),
  reportedBy: field(),
  occurredAt: field(),
  whatHappened: field(),
  immediateRisk: field(),
  illegalMaterial: field(),
});
type ConcernForm = Partial<Record<keyof typeof concernForm.shape, string>>;

const choice = (id: string, label: string, values: readonly [string, string][], selected?: string) =>
  html`<label for="${id}">${label}</label><select id="${id}" name="${id}" required>${values.map(
    ([value, text]) => html`<option value="${value}" ${value === selected ? "selected" : ""}>${text}</option>`,
  )}</select>`;

/** "Report a concern" for anyone who may, and the list of what they reported. */
export function concernPages({ actions, zoneOf }: PageDeps): PageDef[] {
  const form = (c: Context<HubEnv>, actor: Actor, values: ConcernForm, error?: string) => {
    const sites = actions.incidentReports.sites(actor);
    const body = html`${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<p>Tell the Designated Safeguarding Lead about something that happened online or on a device. If someone is in
danger now, call <strong>999</strong> first and tell the DSL in person.</p>
<form method="post" action="/report">${csrfField(c)}<fieldset><legend>The concern</legend>
${choice(
  "siteId",
  "Site",
  sites.map((site) => [site.id, `${site.name} (times in ${zoneOf(site.id)})`]),
  values.siteId,
)}
${choice(
  "kind",
  "What kind of concern",
  REPORTED_KINDS.map((kind) => [kind, INCIDENT_KIND_LABELS[kind]]),
  values.kind,
)}
${choice("subject", "Who or what it concerns", Object.entries(SUBJECT_LABELS), values.subject)}
<label for="concernsDescription">Who, in a few words (optional)</label><input id="concernsDescription" name="concernsDescription" maxlength="200" value="${values.concernsDescription ?? ""}">
<label for="reportedBy">Reported by (who raised it with you, or you)</label><input id="reportedBy" name="reportedBy" maxlength="200" required value="${values.reportedBy ?? actor.email}">
<label for="occurredAt">When it happened (the site's local time)</label><input id="occurredAt" name="occurredAt" type="datetime-local" required value="${values.occurredAt ?? ""}">
<label for="whatHappened">What happened</label><textarea id="whatHappened" name="whatHappened" rows="6" maxlength="8000" required>${values.whatHappened ?? ""}</textarea>
${choice(
  "immediateRisk",
  "Is anyone at immediate risk?",
  YES_NO_UNSURE.map((v) => [v, v]),
  values.immediateRisk ?? "unsure",
)}
${choice(
  "illegalMaterial",
  "Is there illegal material (such as indecent images of a child)? Do not view, copy or forward it.",
  YES_NO_UNSURE.map((v) => [v, v]),
  values.illegalMaterial ?? "unsure",
)}
<p><button type="submit">Send to the DSL</button></p></fieldset></form>`;
    return page(c, "Report a concern", body, error ? 400 : 200);
  };

  const show = getPage("/report", "incidents:report", (c, { actor }) => form(c, actor, {}));

  const send = postPage("/report", "incidents:report", { form: concernForm }, (c, { actor, form: values }) => {
    const occurredAt = localToUtc(values.occurredAt, zoneOf(values.siteId)) ?? values.occurredAt;
    try {
      const opened = actions.incidentReports.report(actor, {
        siteId: values.siteId,
        kind: values.kind,
        concerns: { subject: values.subject, description: values.concernsDescription },
        reportedBy: values.reportedBy,
        occurredAt,
        whatHappened: values.whatHappened,
        immediateRisk: values.immediateRisk,
        illegalMaterial: values.illegalMaterial,
      });
      const done = `Thank you: the DSL has your report (#${opened.id}).`;
      return c.redirect(`/my-reports?done=${encodeURIComponent(done)}`, 303);
    } catch (error) {
      // What was typed stays in the form: a disclosure must not be lost to a mistake in one field.
      if (error instanceof HubError && error.code === "invalid-request")
        return form(c, actor, values, problemOf(error));
      throw error;
    }
  });

  const mine = getPage("/my-reports", "incidents:report", (c, { actor }) => {
    const reports = actions.incidentReports.myReports(actor);
    return page(
      c,
      "Concerns I reported",
      html`<p><a href="/report">Report a concern</a></p>${table(
        ["No.", "Kind", "When it happened", "Reported", "State"],
        reports.map((r) => [
          `#${r.id}`,
          incidentKindLabel(r.kind),
          when(r.occurredAt, zoneOf(r.siteId)),
          when(r.reportedAt, zoneOf(r.siteId)),
          r.state,
        ]),
        "You have not reported a concern.",
      )}`,
    );
  });
  return [show, send, mine];
}
