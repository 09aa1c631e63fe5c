import { html } from "hono/html";
import type { Markup } from "./layout.ts";

/** The options of a select, one of them selected. */
export const options = (values: readonly string[], selected?: string) =>
  values.map((v) => html`<option value="${v}" ${v === selected ? "selected" : ""}>${v}</option>`);

/** A labelled form control as data: its id (and name, unless given), its label, and what kind of control it is. */
export type FormField = { id: string; name?: string; label: string; value?: string } & (
  | { input: "text" | "date" | "datetime-local" | "entry-number" }
  | { select: readonly string[] }
  | { textarea: number; optional?: true }
);

/** The markup of each field in turn: a label, then its control; every input and textarea is required unless optional. */
export function formFields(fields: readonly FormField[]): Markup {
  return html`${fields.map((f, at) => html`${at ? "\n" : ""}<label for="${f.id}">${f.label}</label>${control(f)}`)}`;
}

function control(f: FormField): Markup {
  const name = f.name ?? f.id;
  if ("select" in f) return html`<select id="${f.id}" name="${name}">${options(f.select, f.value)}</select>`;
  if ("textarea" in f)
    return html`<textarea id="${f.id}" name="${name}" rows="${f.textarea}"${f.optional ? "" : " required"}>${f.value ?? ""}</textarea>`;
  const type =
    f.input === "entry-number" ? html` type="number" min="1"` : f.input === "text" ? "" : html` type="${f.input}"`;
  const value = f.value === undefined ? "" : html` value="${f.value}"`;
  return html`<input id="${f.id}" name="${name}"${type} required${value}>`;
}
