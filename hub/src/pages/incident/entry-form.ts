import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../../http/hub-env.ts";
import { csrfField, type Markup } from "../layout.ts";

/** One form adding one entry to the record: its legend, fixed values, fields and the button saying what it does. */
export function entryForm(
  c: Context<HubEnv>,
  incidentId: number,
  form: { kind: string; legend: string; button: string; hidden?: Record<string, string | number>; fields?: Markup[] },
): Markup {
  const hidden = Object.entries(form.hidden ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form method="post" action="/incidents/${incidentId}/entries" class="entry-form"><fieldset><legend>${form.legend}</legend>${csrfField(c)}
<input type="hidden" name="kind" value="${form.kind}">${hidden}${form.fields ?? []}
<p><button type="submit">${form.button}</button></p></fieldset></form>`;
}
