import { html } from "hono/html";
import type { Markup } from "../layout.ts";

/** Form controls of the incident page: each labelled, ids unique on the page (the caller prefixes them). */
interface Common {
  id: string;
  name: string;
  label: string;
  optional?: boolean;
}

const req = (f: Common) => (f.optional ? "" : " required");

export function textField(f: Common & { value?: string }): Markup {
  return html`<label for="${f.id}">${f.label}</label><input id="${f.id}" name="${f.name}"${req(f)} value="${f.value ?? ""}">`;
}

export function textArea(f: Common & { rows?: number; value?: string }): Markup {
  return html`<label for="${f.id}">${f.label}</label><textarea id="${f.id}" name="${f.name}" rows="${f.rows ?? 2}"${req(f)}>${f.value ?? ""}</textarea>`;
}

/** A select whose options read as words; with `choose`, nothing is chosen until the user picks. */
export function choice(
  f: Common & { options: readonly (readonly [string, string])[]; selected?: string; choose?: boolean },
): Markup {
  const none = f.choose ? html`<option value="" ${f.selected ? "" : "selected"}>Choose…</option>` : "";
  return html`<label for="${f.id}">${f.label}</label><select id="${f.id}" name="${f.name}"${req(f)}>${none}${f.options.map(
    ([value, text]) => html`<option value="${value}" ${value === f.selected ? "selected" : ""}>${text}</option>`,
  )}</select>`;
}

/** A date and time on the site's wall clock, labelled with the zone it is read in. */
export function wallClockField(f: Common & { zone: string; value?: string }): Markup {
  return html`<label for="${f.id}">${f.label} (${f.zone} time)</label><input id="${f.id}" name="${f.name}" type="datetime-local"${req(f)} value="${f.value ?? ""}">`;
}

export function dateField(f: Common & { value?: string }): Markup {
  return html`<label for="${f.id}">${f.label}</label><input id="${f.id}" name="${f.name}" type="date"${req(f)} value="${f.value ?? ""}">`;
}

/** Pairs of value and label, for `choice`. */
export const labelled = (values: readonly string[], labels: Record<string, string>) =>
  values.map((value) => [value, labels[value] ?? value] as const);
