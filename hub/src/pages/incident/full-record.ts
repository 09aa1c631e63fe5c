import { html } from "hono/html";
import { type Markup, table, when } from "../layout.ts";
import { ENTRY_KIND_LABELS, entryInWords } from "./entry-words.ts";
import type { IncidentView } from "./incident-view.ts";
import { AGENCY_LABELS, labelOf, PARENTS_LABELS } from "./labels.ts";

/** The incident's whole record below the step: referrals, parents, sign-off, then every entry in words. */
export function fullRecord(view: IncidentView, zone: string): Markup {
  const { record } = view;
  const agencyOf = (seq: number) => {
    const referral = record.referrals.find((entry) => entry.seq === seq);
    return referral ? labelOf(AGENCY_LABELS, referral.body.agency) : "";
  };
  const corrector = new Map(record.corrections.map((c) => [c.body.ofSeq as number, c.seq]));
  const referrals = table(
    ["#", "Agency", "Made", "Reference", "Contact", "Outcome", "Outcome given"],
    record.referrals.map((r) => {
      const outcome = record.referralOutcomes.filter((o) => o.body.ofSeq === r.seq).at(-1);
      return [
        r.seq,
        labelOf(AGENCY_LABELS, r.body.agency),
        when(r.body.at as string, zone),
        String(r.body.reference ?? "–"),
        String(r.body.contact ?? "–"),
        outcome ? String(outcome.body.outcome) : "awaited",
        outcome ? when(outcome.body.at as string, zone) : "–",
      ];
    }),
    "No referral made.",
  );
  const parents = record.parents
    ? `${labelOf(PARENTS_LABELS, record.parents.body.status)}${record.parents.body.at ? `, ${when(record.parents.body.at as string, zone)}` : ""}${record.parents.body.reason ? `. Reason: ${String(record.parents.body.reason)}` : ""}`
    : "Not recorded.";
  const review = record.review
    ? `${String(record.review.body.result)} Sanctions: ${String(record.review.body.sanctions)} (${record.review.by}, ${when(record.review.at, zone)})`
    : "Not reviewed yet.";
  const signedOff = record.signedOff
    ? `Signed off by ${record.signedOff.by} on ${when(record.signedOff.at, zone)}.`
    : "Not signed off.";
  return html`<section aria-labelledby="record-heading"><h2 id="record-heading">The record</h2>
<h3>Referrals</h3>${referrals}
<dl class="facts"><dt>Parents / carers informed</dt><dd>${parents}</dd>
<dt>Actions taken</dt><dd>${record.actions.length ? record.actions.map((a) => html`${entryInWords(a, zone)}<br>`) : "None recorded."}</dd>
<dt>Review</dt><dd>${review}</dd><dt>Sign-off</dt><dd>${signedOff}</dd></dl>
<h3>Every entry</h3>${table(
    ["#", "When", "By", "Entry", "What was recorded"],
    view.entries.map((e) => {
      const words = entryInWords(e, zone, agencyOf);
      const by = corrector.get(e.seq);
      return [
        e.seq,
        when(e.at, zone),
        e.by,
        ENTRY_KIND_LABELS[e.kind] ?? e.kind,
        by === undefined ? words : html`<s>${words}</s> <span class="muted">(corrected by #${by})</span>`,
      ];
    }),
    "No entries yet.",
  )}</section>`;
}

/** What the filter saw and what was sent: look-ups, the client's other look-ups around them, alerts. */
export function lookupsAndAlerts(view: IncidentView, zone: string, reported: boolean): Markup {
  const lookups = (rows: IncidentView["events"]) =>
    rows.map((e) => [when(e.time, zone), e.name, e.outcome, [...e.categories, ...e.monitored].join(", ")]);
  const filterSaw = reported
    ? ""
    : html`<h2>Look-ups in this incident</h2>${table(["When", "Name", "Outcome", "Categories"], lookups(view.events), "None stored.")}
<h2>The client's other flagged look-ups, 60 minutes either side</h2>${table(["When", "Name", "Outcome", "Categories"], lookups(view.context), "None.")}`;
  return html`${filterSaw}
<h2>Alerts</h2>${table(
    ["When", "Channel", "To", "Status"],
    view.alerts.map((a) => [
      when(a.at, zone),
      a.channel,
      a.recipients.join(", "),
      a.status + (a.error ? `: ${a.error}` : ""),
    ]),
    "No alert for this incident.",
  )}`;
}
