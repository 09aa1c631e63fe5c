import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../../http/hub-env.ts";
import { type IncidentPerson, personLabelOf } from "../../services/person-history.ts";
import { sanctionActive } from "../../store/sanction-store.ts";
import { csrfField, type Markup, severity, table, when } from "../layout.ts";
import { dateField, textArea, textField, wallClockField } from "./fields.ts";
import { localDateValue, localInputValue } from "./wall-clock.ts";

/** A person as the DSL reads them: "Pat Pupil (Year 9, 9B)". */
export const personName = (person: IncidentPerson["person"]): string => personLabelOf(person);

interface PersonContext {
  c: Context<HubEnv>;
  incidentId: number;
  zone: string;
  now: Date;
  /** Whether the reader may set a watch or a sanction (people:safeguard). */
  mayAct: boolean;
  categoryName: (id: string) => string;
}

/**
 * Who the incident is about, for the DSL roles: the person, their watch and sanctions, their
 * earlier incidents across devices and sites (linked, newest first), and the forms to watch or
 * sanction them.
 */
export function personSection(found: IncidentPerson, ctx: PersonContext): Markup {
  const { person, watch, sanctions, history } = found;
  const nowIso = ctx.now.toISOString();
  const today = localDateValue(ctx.now, ctx.zone);
  const watchLine = watch
    ? html`<p class="watch"><strong>On the watch list</strong>: ${watch.reason} · review on ${watch.reviewOn}${watch.reviewOn < today ? html` <strong>(review overdue)</strong>` : ""} · set by ${watch.setBy}</p>`
    : html`<p class="muted">Not on the watch list.</p>`;
  const sanctionRows = sanctions.map((s) => [
    `#${s.id}`,
    sanctionActive(s, nowIso) ? "in force" : s.liftedBy?.startsWith("system") ? "ended" : "lifted",
    when(s.startsAt, ctx.zone),
    when(s.endsAt, ctx.zone),
    s.allow.join(", ") || "(the group's allow list only)",
    s.reason,
    s.incidentId === null ? "" : html`<a href="/incidents/${s.incidentId}">#${s.incidentId}</a>`,
    ctx.mayAct && sanctionActive(s, nowIso) ? liftForm(ctx, s.id) : "",
  ]);
  const historyRows = history.map((h) => [
    html`<a href="/incidents/${h.id}">#${h.id}</a>`,
    when(h.firstSeen, ctx.zone),
    h.siteId,
    h.category ? ctx.categoryName(h.category) : h.kind,
    severity(h.severity),
    h.state,
    h.deviceId === null ? h.clientAddress : `device #${h.deviceId}`,
  ]);
  return html`<section class="person" aria-labelledby="person-heading">
<h2 id="person-heading">Person: ${personName(person)}</h2>
<p>${found.policyGroup ? html`Filtered as policy group <strong>${found.policyGroup}</strong> (from their directory groups), on any device.` : "Filtered by the address block of the device they use (no directory group rule applies)."}</p>
${watchLine}
<h3>Sanctions</h3>
${table(["No.", "Status", "From", "Until", "Still allowed", "Reason", "Incident", ""], sanctionRows, "No sanction.")}
<h3>Earlier incidents of this person</h3>
${table(["Incident", "First look-up", "Site", "Category or kind", "Severity", "State", "Device or client"], historyRows, "No earlier incident.")}
${ctx.mayAct ? forms(ctx, found, today) : ""}
</section>`;
}

function forms(ctx: PersonContext, found: IncidentPerson, today: string): Markup {
  const base = `/incidents/${ctx.incidentId}/person`;
  const inAWeek = localDateValue(new Date(ctx.now.getTime() + 7 * 86_400_000), ctx.zone);
  const endDefault = localInputValue(new Date(ctx.now.getTime() + 86_400_000), ctx.zone);
  const endWatch = found.watch
    ? html`<form method="post" action="${base}/watch/end" class="inline">${csrfField(ctx.c)}<button type="submit">Take off the watch list</button></form>`
    : "";
  return html`<details class="person-actions"><summary>Watch or sanction this person</summary><div class="row">
<form method="post" action="${base}/watch" class="entry-form"><fieldset><legend>Watch</legend>${csrfField(ctx.c)}
${textArea({ id: "watch-reason", name: "reason", label: "Why they are watched", value: found.watch?.reason ?? "" })}
${dateField({ id: "watch-review", name: "reviewOn", label: "Review on", value: found.watch?.reviewOn ?? inAWeek })}
<p><button type="submit">${found.watch ? "Change the watch" : "Put on the watch list"}</button></p></fieldset></form>
${endWatch}
<form method="post" action="${base}/sanctions" class="entry-form"><fieldset><legend>Sanction</legend>${csrfField(ctx.c)}
<p class="muted">No internet except the group's allow list and the names below, until the end; applied by the site's agents at their next policy poll and lifted by them at the end.</p>
${textArea({ id: "sanction-reason", name: "reason", label: "Reason" })}
${wallClockField({ id: "sanction-ends", name: "endsAt", label: "Ends at", zone: ctx.zone, value: endDefault })}
${textField({ id: "sanction-allow", name: "allow", label: "Still allowed (host names, separated by spaces or commas)", optional: true })}
<p><button type="submit">Set the sanction</button></p></fieldset></form>
</div><p class="muted">Today on the site's calendar: ${today}.</p></details>`;
}

function liftForm(ctx: PersonContext, sanctionId: number): Markup {
  return html`<form method="post" action="/incidents/${ctx.incidentId}/person/sanctions/lift" class="inline">${csrfField(ctx.c)}<input type="hidden" name="sanctionId" value="${sanctionId}"><button type="submit">Lift now</button></form>`;
}
