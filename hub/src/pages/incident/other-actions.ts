import { SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { html } from "hono/html";
import { isTerminalState } from "../../domain/incident-workflow.ts";
import type { Markup } from "../layout.ts";
import { entryForm } from "./entry-form.ts";
import { choice, labelled, textArea, textField } from "./fields.ts";
import { STATE_LABELS } from "./labels.ts";
import type { StepContext } from "./step-forms.ts";

const YES_NO_UNSURE = [
  ["yes", "Yes"],
  ["no", "No"],
  ["unsure", "Unsure"],
] as const;
const answer = (value: unknown) => (value === true ? "yes" : value === false ? "no" : String(value ?? ""));

/**
 * Everything else the record takes, folded away below the step: any state change the workflow
 * allows, the answers again, a re-grade, a note, a correction. The action refuses what the flow does not allow.
 */
export function otherActions({ c, view, email }: StepContext): Markup {
  const i = view.incident;
  const ended = isTerminalState(i.state);
  const details = view.record.details?.body;
  const forms: Markup[] = [];
  if (view.allowedTransitions.length)
    forms.push(
      entryForm(c, i.id, {
        kind: "transition",
        legend: "Change state",
        button: "Change the state",
        fields: [
          choice({
            id: "other-to",
            name: "to",
            label: "Move to",
            options: labelled(view.allowedTransitions, STATE_LABELS),
          }),
          textArea({
            id: "other-note",
            name: "note",
            label: "Reason (needed to close, to close as a false positive or with no further action, or to reopen)",
            optional: true,
          }),
        ],
      }),
    );
  if (!ended && details)
    forms.push(
      entryForm(c, i.id, {
        kind: "details",
        legend: "Change the answers",
        button: "Save the answers",
        fields: [
          textField({
            id: "other-reportedBy",
            name: "reportedBy",
            label: "Reported by",
            value: String(details.reportedBy ?? ""),
          }),
          textField({
            id: "other-reportedTo",
            name: "reportedTo",
            label: "Reported to",
            value: String(details.reportedTo ?? email),
          }),
          textArea({
            id: "other-description",
            name: "description",
            label: "What happened",
            rows: 3,
            value: String(details.description ?? ""),
          }),
          choice({
            id: "other-illegal",
            name: "illegalMaterial",
            label: "Illegal material?",
            options: YES_NO_UNSURE,
            selected: answer(details.illegalMaterial),
          }),
          choice({
            id: "other-risk",
            name: "immediateRisk",
            label: "Immediate risk?",
            options: YES_NO_UNSURE,
            selected: answer(details.immediateRisk),
          }),
        ],
      }),
    );
  if (!ended)
    forms.push(
      entryForm(c, i.id, {
        kind: "regrade",
        legend: "Re-grade",
        button: "Re-grade",
        fields: [
          choice({
            id: "other-severity",
            name: "severity",
            label: "Severity",
            options: labelled(SEVERITIES_MOST_SEVERE_FIRST, {}),
            selected: i.severity,
          }),
          textField({ id: "other-regrade-reason", name: "reason", label: "Reason for the new grade" }),
        ],
      }),
    );
  forms.push(
    entryForm(c, i.id, {
      kind: "note",
      legend: "Note",
      button: "Add the note",
      fields: [textArea({ id: "other-text", name: "text", label: "Note" })],
    }),
    entryForm(c, i.id, {
      kind: "correction",
      legend: "Correct an entry",
      button: "Mark it corrected",
      fields: [
        html`<label for="other-ofSeq">Entry number</label><input id="other-ofSeq" name="ofSeq" type="number" min="1" required>`,
        textField({ id: "other-correction-reason", name: "reason", label: "Why it is wrong" }),
      ],
    }),
  );
  return html`<details class="other-actions"><summary>Other actions</summary><div class="row">${forms}</div></details>`;
}
