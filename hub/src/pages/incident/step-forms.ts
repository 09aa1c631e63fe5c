import type { Context } from "hono";
import { html } from "hono/html";
import type { GuidedStep, StepForm } from "../../domain/guided-step.ts";
import { ACTION_KINDS, PARENTS_INFORMED } from "../../domain/incident-workflow.ts";
import type { HubEnv } from "../../http/hub-env.ts";
import { type Markup, when } from "../layout.ts";
import { entryForm } from "./entry-form.ts";
import { choice, dateField, labelled, textArea, textField, wallClockField } from "./fields.ts";
import type { IncidentView } from "./incident-view.ts";
import { ACTION_LABELS, AGENCY_LABELS, labelOf, PARENTS_LABELS, STATE_LABELS } from "./labels.ts";
import { localDateValue, localInputValue } from "./wall-clock.ts";

export interface StepContext {
  c: Context<HubEnv>;
  view: IncidentView;
  zone: string;
  /** The signed-in user's email: who a concern was reported to, unless they say otherwise. */
  email: string;
}

const YES_NO_UNSURE = [
  ["yes", "Yes"],
  ["no", "No"],
  ["unsure", "Unsure"],
] as const;

const TRIAGE_WORDS: Record<string, string> = {
  triaged: "Yes: a real concern",
  "false-positive": "No: a false positive",
  "no-further-action": "No further action needed",
};

/** The step as a section: its heading, the policy's words, then its forms, the primary one first. */
export function stepSection(step: GuidedStep, ctx: StepContext): Markup {
  return html`<section class="step" aria-labelledby="step-heading" data-step="${step.id}">
<h2 id="step-heading">Next step: ${step.heading}</h2>
<ul class="policy">${step.guidance.map((words) => html`<li>${words}</li>`)}</ul>
${step.forms.map((form, at) => html`<div class="${at === 0 ? "primary" : "secondary"}">${stepForm(form, ctx)}</div>`)}</section>`;
}

function stepForm(form: StepForm, { c, view, zone, email }: StepContext): Markup {
  const id = view.incident.id;
  const now = new Date().toISOString();
  const details = view.record.details?.body ?? view.record.reported?.body ?? {};
  const reporter = view.record.reported?.by ?? view.incident.submittedBy;
  switch (form.kind) {
    case "triage":
      return entryForm(c, id, {
        kind: "transition",
        legend: "Is this a real concern?",
        button: "Record the triage",
        fields: [
          choice({ id: "step-to", name: "to", label: "Decision", options: labelled(form.choices, TRIAGE_WORDS) }),
          textArea({
            id: "step-note",
            name: "note",
            label: "Reason (needed if it is not a real concern)",
            optional: true,
          }),
        ],
      });
    case "details":
      return entryForm(c, id, {
        kind: "details",
        legend: "What happened",
        button: "Save the answers",
        fields: [
          textField({
            id: "step-reportedBy",
            name: "reportedBy",
            label: "Reported by",
            value: String(details.reportedBy ?? reporter ?? "Fenceline alert"),
          }),
          textField({
            id: "step-reportedTo",
            name: "reportedTo",
            label: "Reported to",
            value: String(details.reportedTo ?? email),
          }),
          textArea({
            id: "step-description",
            name: "description",
            label: "What happened",
            rows: 3,
            value: String(details.description ?? ""),
          }),
          choice({
            id: "step-illegal",
            name: "illegalMaterial",
            label: "Illegal material?",
            options: YES_NO_UNSURE,
            choose: true,
          }),
          choice({
            id: "step-risk",
            name: "immediateRisk",
            label: "Immediate risk?",
            options: YES_NO_UNSURE,
            choose: true,
          }),
        ],
      });
    case "referral":
      return entryForm(c, id, {
        kind: "referral",
        legend: "Referral",
        button: "Record the referral",
        fields: [
          choice({
            id: "step-agency",
            name: "agency",
            label: "Agency",
            options: labelled(form.agencies, AGENCY_LABELS),
            selected: form.agencies[0],
          }),
          wallClockField({
            id: "step-ref-at",
            name: "at",
            label: "Date and time",
            zone,
            value: localInputValue(now, zone),
          }),
          textField({ id: "step-reference", name: "reference", label: "Reference (optional)", optional: true }),
          textField({ id: "step-contact", name: "contact", label: "Contact (optional)", optional: true }),
        ],
      });
    case "parents-informed":
      return entryForm(c, id, {
        kind: "parents-informed",
        legend: "Parents / carers informed?",
        button: "Record it",
        fields: [
          choice({
            id: "step-parents",
            name: "status",
            label: "Informed",
            options: labelled(PARENTS_INFORMED, PARENTS_LABELS),
            choose: true,
          }),
          wallClockField({ id: "step-parents-at", name: "at", label: "When (if informed)", zone, optional: true }),
          textArea({
            id: "step-parents-reason",
            name: "reason",
            label: "Why not (needed if you decided not to)",
            optional: true,
          }),
        ],
      });
    case "action":
      return entryForm(c, id, {
        kind: "action",
        legend: "Action taken",
        button: "Record the action",
        fields: [
          choice({
            id: "step-action",
            name: "action",
            label: "Action",
            options: labelled(ACTION_KINDS, ACTION_LABELS),
            choose: true,
          }),
          dateField({ id: "step-act-date", name: "date", label: "Date", value: localDateValue(now, zone) }),
          textField({ id: "step-detail", name: "detail", label: "Detail" }),
        ],
      });
    case "move-on":
      return entryForm(c, id, {
        kind: "transition",
        legend: `Next: ${labelOf(STATE_LABELS, form.to)}`,
        button: form.label,
        hidden: { to: form.to },
      });
    case "referral-outcome": {
      const referral = view.record.referrals.find((r) => r.seq === form.ofSeq);
      const made = referral
        ? ` to ${labelOf(AGENCY_LABELS, referral.body.agency)}, made ${when(referral.body.at as string, zone)}`
        : "";
      return entryForm(c, id, {
        kind: "referral-outcome",
        legend: `Outcome of referral #${form.ofSeq}${made}`,
        button: "Record the outcome",
        hidden: { ofSeq: form.ofSeq },
        fields: [
          textArea({ id: "step-outcome", name: "outcome", label: "The authority's outcome", rows: 3 }),
          wallClockField({
            id: "step-outcome-at",
            name: "at",
            label: "Given on",
            zone,
            value: localInputValue(now, zone),
          }),
        ],
      });
    }
    case "review":
      return entryForm(c, id, {
        kind: "review",
        legend: "Review",
        button: "Record the review",
        fields: [
          textArea({ id: "step-result", name: "result", label: "Review result", rows: 3 }),
          textField({ id: "step-sanctions", name: "sanctions", label: "Sanctions", value: "None" }),
        ],
      });
    case "sign-off":
      return entryForm(c, id, {
        kind: "transition",
        legend: "Sign-off",
        button: "Sign off and close",
        hidden: { to: "closed" },
        fields: [
          textArea({ id: "step-signoff-note", name: "note", label: "Sign-off note (optional)", optional: true }),
        ],
      });
    case "reopen":
      return entryForm(c, id, {
        kind: "transition",
        legend: "Reopen",
        button: "Reopen the incident",
        hidden: { to: "triaged" },
        fields: [textArea({ id: "step-reopen-note", name: "note", label: "Why reopen it" })],
      });
  }
}
