import type { DirectoryGroupRule } from "@fenceline/shared/policy";
import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../http/hub-env.ts";
import { back, csrfField, type Markup } from "./layout.ts";
import { field, formSchema, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** Blank rows offered below the rules, to add new ones. */
const BLANK_ROWS = 3;

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const policyPage = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/policy`;

/**
 * The policy page's table of directory group → policy group rules, in order (the first rule naming
 * one of a person's directory groups wins, ahead of address blocks): each row a directory group,
 * the policy group it gives, and its position; blank rows add rules, an empty directory group removes one.
 */
export function directoryGroupsForm(
  c: Context<HubEnv>,
  siteId: string,
  rules: readonly DirectoryGroupRule[],
  groups: readonly string[],
): Markup {
  const rows = [...rules, ...Array.from({ length: BLANK_ROWS }, () => ({ directoryGroup: "", group: "" }))];
  const row = (rule: DirectoryGroupRule, i: number) => html`<tr>
<td><input name="order.${i}" type="number" min="1" value="${i + 1}" aria-label="Position of rule ${i + 1}" style="width:5em"></td>
<td><input name="directoryGroup.${i}" value="${rule.directoryGroup}" aria-label="Directory group of rule ${i + 1}"></td>
<td><select name="group.${i}" aria-label="Policy group of rule ${i + 1}">${groups.map(
    (g) => html`<option ${g === rule.group ? "selected" : ""}>${g}</option>`,
  )}</select></td></tr>`;
  return html`<h2>Directory groups</h2>
<p class="muted">A person in one of these directory groups (a year group, a tutor group, a directory tag) is filtered as the policy group beside it, on any device and address; the first rule that applies wins, and people no rule names are filtered by address block. Clear a directory group to remove its rule.</p>
<form method="post" action="/sites/${siteId}/policy/directory-groups">${csrfField(c)}
<div class="scroll"><table><thead><tr><th scope="col">Order</th><th scope="col">Directory group</th><th scope="col">Policy group</th></tr></thead>
<tbody>${rows.map(row)}</tbody></table></div>
<label for="directory-reason">Why the directory groups change (required)</label><input id="directory-reason" name="reason" required minlength="5">
<p><button>Save the directory groups</button></p></form>`;
}

/** The rules a submitted table gives: rows with a directory group, by their order, then as listed. */
export function rulesFromForm(form: Record<string, string>): DirectoryGroupRule[] {
  const rows: { order: number; at: number; rule: DirectoryGroupRule }[] = [];
  for (const [key, value] of Object.entries(form)) {
    const m = /^directoryGroup\.(\d{1,4})$/.exec(key);
    if (!m || value.trim() === "") continue;
    const at = Number(m[1]);
    const order = Number(form[`order.${at}`] ?? at + 1);
    rows.push({
      order: Number.isFinite(order) ? order : at + 1,
      at,
      rule: { directoryGroup: value.trim(), group: form[`group.${at}`] ?? "" },
    });
  }
  return rows.sort((a, b) => a.order - b.order || a.at - b.at).map((r) => r.rule);
}

/** Where the table is posted: saved through the policy action, versioned and in the change log. */
export function directoryGroupsAction({ actions }: PageDeps): PageDef {
  return postPage(
    "/sites/:siteId/policy/directory-groups",
    "policy:manage",
    { form: formSchema({ reason: field() }), back: policyPage },
    (c, { actor, form }) => {
      const { version } = actions.policy.setDirectoryGroups(actor, {
        siteId: siteOf(c),
        rules: rulesFromForm(form as Record<string, string>),
        reason: form.reason,
      });
      return back(c, policyPage(c), { done: `Saved as version ${version}.` });
    },
  );
}
