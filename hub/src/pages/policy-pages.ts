import { readYamlText } from "@fenceline/shared";
import type { DirectoryGroupRule } from "@fenceline/shared/policy";
import type { Context } from "hono";
import { html } from "hono/html";
import { stringify } from "yaml";
import { actorCan } from "../domain/roles.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { REVIEW_CHANGE } from "../services/review-request-service.ts";
import { SANCTION_CHANGE } from "../services/sanction-service.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";
import { directoryGroupsAction, directoryGroupsForm } from "./policy-directory-groups.ts";

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const policyPage = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/policy`;
const names = (text: string) => text.split(/\s+/).filter(Boolean);

function yamlOf(text: string): unknown {
  const read = readYamlText(text);
  if (!read.ok) throw new HubError("invalid-request", `Not valid YAML: ${read.problem}`);
  return read.value;
}

/**
 * The version each change-log row made, newest first: rows that record what agents apply beyond the
 * document (a sanction set or lifted) keep the document and make no version, and show none.
 */
function versionsOf(changes: readonly { old: unknown; new: unknown; reason: string }[]): (number | null)[] {
  const made = changes.map(
    (ch) =>
      !(
        (ch.reason.startsWith(SANCTION_CHANGE) || ch.reason.startsWith(REVIEW_CHANGE)) &&
        JSON.stringify(ch.old) === JSON.stringify(ch.new)
      ),
  );
  let version = made.filter(Boolean).length;
  return made.map((counts) => (counts ? version-- : null));
}

/** A site's filtering policy: the whole of it as YAML, the everyday allow/block edit, and the change log. */
export function policyPages(deps: PageDeps): PageDef[] {
  const { actions, zoneOf } = deps;
  return [
    getPage("/sites/:siteId/policy", "policy:read", (c, { actor }) => {
      const siteId = siteOf(c);
      const changes = actions.policy.changes(actor, { siteId });
      const current = actions.policy.current(actor, { siteId });
      const manage = actorCan(actor, "policy:manage");
      const versions = versionsOf(changes);
      const groups = ((current?.policy as { groups?: { id: string }[] } | undefined)?.groups ?? []).map((g) => g.id);
      const text = current
        ? stringify(current.policy)
        : "timezone: Europe/London\ndefaultGroup: students\ngroups:\n  - id: students\n    kind: student\n    cidrs: []\n";
      const groupLinks =
        manage && current
          ? html`<h2>Groups</h2><p>${groups.map((g) => html`<a href="/sites/${siteId}/policy/groups/${g}">Edit "${g}"</a> · `)}<span class="muted">kind, address blocks, category actions, time windows, safe search</span></p>`
          : "";
      const listForm =
        manage && current
          ? html`<h2>Allow or block names for a group</h2>
<form method="post" action="/sites/${siteId}/policy/lists" class="row" style="align-items:end">${csrfField(c)}
<div><label for="group">Group</label><select id="group" name="group">${groups.map((g) => html`<option>${g}</option>`)}</select></div>
<div><label for="list">List</label><select id="list" name="list"><option value="block">always block</option><option value="allow">always allow</option></select></div>
<div><label for="add">Add names (one per line)</label><textarea id="add" name="add" rows="2"></textarea></div>
<div><label for="remove">Remove names</label><textarea id="remove" name="remove" rows="2"></textarea></div>
<div><label for="list-reason">Reason (required)</label><input id="list-reason" name="reason" required minlength="5"></div>
<div><button>Save</button></div></form>`
          : "";
      const held = current?.policy as { directoryGroups?: DirectoryGroupRule[] } | undefined;
      const directory = manage && current ? directoryGroupsForm(c, siteId, held?.directoryGroups ?? [], groups) : "";
      const editor = html`<h2>The whole policy ${current ? html`<span class="muted">(version ${current.version})</span>` : ""}</h2>
<p class="muted">Groups, their address blocks (CIDRs), category actions, always-allow and always-block names, time windows, safe search, block mode and list sources, as YAML. Locked (illegal-content) categories stay blocked whatever is written here.</p>
${
  manage
    ? html`<form method="post" action="/sites/${siteId}/policy">${csrfField(c)}
<label for="policy">Policy</label><textarea id="policy" name="policy" rows="18" spellcheck="false" style="font-family:monospace">${text}</textarea>
<label for="reason">Reason for the change (required)</label><input id="reason" name="reason" required minlength="5" style="width:100%">
<p><button>Save the policy</button></p></form>`
    : html`<pre>${current ? text : "The hub holds no policy for this site; the agent runs on its own configuration."}</pre>`
}`;
      return page(
        c,
        `Filtering policy: ${siteId}`,
        html`<p><a href="/sites/${siteId}/review-requests">Unblock and "got through" requests</a></p>${groupLinks}${listForm}${directory}${editor}<h2>Change log</h2>${table(
          ["Version", "When", "By", "Reason"],
          changes.map((ch, i) => [versions[i] ?? "–", when(ch.at, zoneOf(siteId)), ch.changedBy, ch.reason]),
          "No change yet.",
        )}`,
      );
    }),
    postPage(
      "/sites/:siteId/policy",
      "policy:manage",
      { form: formSchema({ policy: field(), reason: field() }), maxBody: BODY_LIMITS.signedIn, back: policyPage },
      (c, { actor, form }) => {
        const { version } = actions.policy.replace(actor, {
          siteId: siteOf(c),
          policy: yamlOf(form.policy),
          reason: form.reason,
        });
        return back(c, policyPage(c), { done: `Saved as version ${version}; agents pick it up within a minute.` });
      },
    ),
    directoryGroupsAction(deps),
    postPage(
      "/sites/:siteId/policy/lists",
      "policy:manage",
      {
        form: formSchema({ group: field(), list: field(), add: field(), remove: field(), reason: field() }),
        back: policyPage,
      },
      (c, { actor, form }) => {
        const { version } = actions.policy.editList(actor, {
          siteId: siteOf(c),
          group: form.group,
          list: form.list === "allow" ? "allow" : "block",
          add: names(form.add),
          remove: names(form.remove),
          reason: form.reason,
        });
        return back(c, policyPage(c), { done: `Saved as version ${version}.` });
      },
    ),
  ];
}
