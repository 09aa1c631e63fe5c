import { WEEKDAYS } from "@fenceline/shared/policy";
import type { Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { PolicyGroup } from "../actions/policy.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { back, csrfField, page } from "./layout.ts";
import { getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

type Group = PolicyGroup;
const ACTIONS = ["block", "monitor", "allow"] as const;

const selected = (on: boolean) => (on ? "selected" : "");
const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const groupOf = (c: Context<HubEnv>) => c.req.param("groupId") ?? "";
const here = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/policy/groups/${groupOf(c)}`;

/**
 * One group of a site's policy as a form: its kind, address blocks, block mode, safe search,
 * category actions against the taxonomy's defaults, and time windows. Saved through the policy
 * actions, so it is validated, versioned and logged with its reason like any other change, and
 * only at a site the user works with.
 */
export function policyGroupPages({ actions, taxonomy }: PageDeps): PageDef[] {
  const get = getPage("/sites/:siteId/policy/groups/:groupId", "policy:manage", (c, { actor }) => {
    const siteId = siteOf(c);
    const group = actions.policy.group(actor, { siteId, groupId: groupOf(c) });
    const categoryRows = taxonomy.categories.map((category) => {
      const fallback = category.actions[group.kind];
      const chosen = group.categories[category.id];
      return html`<tr><th scope="row">${category.name}${category.locked ? html` <span class="muted">(locked)</span>` : ""}</th>
<td>${
        category.locked
          ? "always blocked"
          : html`<select name="category.${category.id}" aria-label="${category.name}">
<option value="" ${selected(!chosen)}>default (${fallback})</option>${ACTIONS.map((a) => html`<option value="${a}" ${selected(chosen === a)}>${a}</option>`)}</select>`
      }</td></tr>`;
    });
    const windows = group.windows.map(
      (
        w,
        i,
      ) => html`<li><label style="display:inline;font-weight:400"><input type="checkbox" name="removeWindow.${i}" value="yes"> remove</label>
${w.days.join(", ")} ${w.from}–${w.to}: ${Object.entries(w.categories)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}</li>`,
    );
    return page(
      c,
      `Group "${group.id}" at ${siteId}`,
      html`<form method="post" action="/sites/${siteId}/policy/groups/${group.id}">${csrfField(c)}
<div class="row"><div><label for="kind">Kind (sets the default actions)</label><select id="kind" name="kind">${["student", "staff", "guest"].map((k) => html`<option ${selected(group.kind === k)}>${k}</option>`)}</select></div>
<div><label for="blockMode">Blocked look-ups get</label><select id="blockMode" name="blockMode">
<option value="blockpage" ${selected(group.blockMode === "blockpage")}>the block page</option>
<option value="nxdomain" ${selected(group.blockMode === "nxdomain")}>"no such site" (NXDOMAIN)</option>
<option value="null-address" ${selected(group.blockMode === "null-address")}>nothing (0.0.0.0)</option></select></div>
<div><label for="safeSearch">Safe search</label><select id="safeSearch" name="safeSearch"><option value="on" ${selected(group.safeSearch.enabled)}>enforced</option><option value="off" ${selected(!group.safeSearch.enabled)}>off</option></select></div>
<div><label for="youtube">YouTube</label><select id="youtube" name="youtube">${["strict", "moderate", "off"].map((y) => html`<option ${selected(group.safeSearch.youtube === y)}>${y}</option>`)}</select></div></div>
<label for="cidrs">Address blocks (one per line, e.g. 10.10.0.0/16)</label><textarea id="cidrs" name="cidrs" rows="3">${group.cidrs.join("\n")}</textarea>
<h2>Categories</h2><div class="scroll"><table><thead><tr><th scope="col">Category</th><th scope="col">Action</th></tr></thead><tbody>${categoryRows}</tbody></table></div>
<h2>Time windows</h2><ul>${windows.length ? windows : html`<li class="muted">None.</li>`}</ul>
<fieldset><legend>Add a time window</legend>
<div class="row">${WEEKDAYS.map((d) => html`<label style="font-weight:400"><input type="checkbox" name="window.day.${d}" value="yes"> ${d}</label>`)}</div>
<div class="row"><div><label for="wfrom">From</label><input id="wfrom" name="window.from" type="time"></div><div><label for="wto">To</label><input id="wto" name="window.to" type="time"></div>
<div><label for="wcat">Category</label><select id="wcat" name="window.category"><option value="">–</option>${taxonomy.categories.filter((k) => !k.locked).map((k) => html`<option value="${k.id}">${k.name}</option>`)}</select></div>
<div><label for="waction">Action while open</label><select id="waction" name="window.action">${ACTIONS.map((a) => html`<option>${a}</option>`)}</select></div></div></fieldset>
<label for="reason">Reason for the change (required)</label><input id="reason" name="reason" required minlength="5" style="width:100%">
<p><button>Save the group</button> <a href="/sites/${siteId}/policy">Back to the policy</a></p></form>`,
    );
  });

  const save = postPage(
    "/sites/:siteId/policy/groups/:groupId",
    "policy:manage",
    {
      back: here, // Its fields are named after the taxonomy's categories and the group's windows: any string field.
      form: z.record(z.string(), z.string()),
    },
    (c, { actor, form }) => {
      const siteId = siteOf(c);
      const group = actions.policy.group(actor, { siteId, groupId: groupOf(c) });
      group.kind = form.kind as Group["kind"];
      group.blockMode = form.blockMode as Group["blockMode"];
      group.safeSearch = { enabled: form.safeSearch === "on", youtube: form.youtube as Group["safeSearch"]["youtube"] };
      group.cidrs = String(form.cidrs ?? "")
        .split(/\s+/)
        .filter(Boolean);
      group.categories = {};
      for (const category of taxonomy.categories) {
        const action = form[`category.${category.id}`];
        if (action && !category.locked) group.categories[category.id] = action as (typeof ACTIONS)[number];
      }
      group.windows = group.windows.filter((_, i) => form[`removeWindow.${i}`] !== "yes");
      const days = WEEKDAYS.filter((d) => form[`window.day.${d}`] === "yes");
      if (form["window.category"] && form["window.from"] && form["window.to"] && days.length > 0)
        group.windows.push({
          days,
          from: String(form["window.from"]),
          to: String(form["window.to"]),
          categories: { [String(form["window.category"])]: form["window.action"] as (typeof ACTIONS)[number] },
        });
      const { version } = actions.policy.saveGroup(actor, { siteId, group, reason: String(form.reason ?? "") });
      return back(c, here(c), { done: `Saved as version ${version}.` });
    },
  );
  return [get, save];
}
