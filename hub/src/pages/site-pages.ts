import { readYamlText } from "@fenceline/shared";
import type { Context, Hono } from "hono";
import { html } from "hono/html";
import { stringify } from "yaml";
import { actorCan, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { formOf, pageHandler, param, signedIn } from "./page-guard.ts";

const problemOf = (error: unknown) => {
  if (!(error instanceof HubError)) throw error;
  return `${error.message}${Array.isArray(error.details) ? `: ${error.details.join("; ")}` : ""}`;
};

/** Sites and agents (enrol, revoke, health), and each site's policy editor with its change log. */
export function sitePages(app: Hono<HubEnv>, services: HubServices): void {
  // A new enrolment token is shown in the answer to the form, never in an address.
  const renderSites = (c: Context<HubEnv>, token?: string) => {
    const actor = signedIn(c, "fleet:read");
    const manage = actorCan(actor, "fleet:manage");
    const sites = services.stores.fleet.sites().filter((s) => actorSeesSite(actor, s.id));
    const sections = sites.map((site) => {
      const status = services.fleet.siteStatus(site.id);
      return html`<h2>${site.name} <span class="muted">(${site.id})</span></h2>
<p><a href="/sites/${site.id}/policy">Filtering policy and change log</a>${status.listsStale ? html` · <strong style="color:#c53030">lists stale</strong>` : ""}</p>
${table(
  ["Agent", "Status", "Last heard", "Lists", "List age", "Last update", ""],
  status.agents.map((a) => [
    a.name,
    a.revoked ? "revoked" : a.online ? "online" : "offline",
    when(a.lastSeenAt),
    a.listsVersion ?? "–",
    a.listAgeDays === null ? "–" : `${a.listAgeDays} days${a.listsStale ? " (STALE)" : ""}`,
    a.lastListUpdate
      ? `${when(a.lastListUpdate.at)} ${a.lastListUpdate.ok ? "ok" : `failed: ${a.lastListUpdate.errors.join("; ")}`}`
      : "–",
    manage && !a.revoked
      ? html`<form class="inline" method="post" action="/sites/${site.id}/agents/${a.id}/revoke">${csrfField(c)}<button>Revoke</button></form>`
      : "",
  ]),
  "No agent has enrolled.",
)}
${manage ? html`<form method="post" action="/sites/${site.id}/enrolment-tokens">${csrfField(c)}<button>New enrolment token</button></form>` : ""}`;
    });
    const create = manage
      ? html`<h2>Add a site</h2><form method="post" action="/sites" class="row" style="align-items:end">${csrfField(c)}
<div><label for="id">Id (kebab-case)</label><input id="id" name="id" required pattern="[a-z0-9][a-z0-9-]{1,39}"></div>
<div><label for="name">Name</label><input id="name" name="name" required></div><div><button>Add site</button></div></form>`
      : "";
    return page(
      c,
      "Sites and agents",
      html`${
        token
          ? html`<p class="notice" role="status">One-use enrolment token (shown once, valid 24 hours): <code>${token}</code><br>
On the gateway: <code>fenceline-agent enrol --hub &lt;hub url&gt; --token ${token} --name &lt;name&gt; --credential-file /etc/fenceline/hub-credential</code></p>`
          : ""
      }${sections}${create}`,
    );
  };
  app.get(
    "/sites",
    pageHandler((c) => renderSites(c)),
  );
  app.post(
    "/sites",
    pageHandler(async (c) => {
      const { actor, form } = await formOf(c, "fleet:manage");
      try {
        services.enrolment.createSite(String(form.id), String(form.name));
        services.audit.record(actor, "site.created", String(form.id), { name: form.name });
        return back(c, "/sites", { done: `Site ${form.id} added.` });
      } catch (error) {
        return back(c, "/sites", { error: problemOf(error) });
      }
    }),
  );
  app.post(
    "/sites/:siteId/enrolment-tokens",
    pageHandler(async (c) => {
      const { actor } = await formOf(c, "fleet:manage");
      const siteId = param(c, "siteId");
      if (!actorSeesSite(actor, siteId)) throw new HubError("not-found", `no site "${siteId}"`);
      const { token, expiresAt } = services.enrolment.issueEnrolmentToken(siteId, 24);
      services.audit.record(actor, "agent.enrolment-token-issued", siteId, { expiresAt });
      return renderSites(c, token);
    }),
  );
  app.post(
    "/sites/:siteId/agents/:agentId/revoke",
    pageHandler(async (c) => {
      const { actor } = await formOf(c, "fleet:manage");
      const siteId = param(c, "siteId");
      if (!actorSeesSite(actor, siteId)) throw new HubError("not-found", `no site "${siteId}"`);
      try {
        services.enrolment.revokeAgent(siteId, param(c, "agentId"));
        services.audit.record(actor, "agent.revoked", param(c, "agentId"), { siteId });
        return back(c, "/sites", { done: "Agent revoked." });
      } catch (error) {
        return back(c, "/sites", { error: problemOf(error) });
      }
    }),
  );

  app.get(
    "/sites/:siteId/policy",
    pageHandler((c) => {
      const actor = signedIn(c, "policy:read");
      const siteId = param(c, "siteId");
      const changes = services.policies.changes(actor, siteId);
      const current = services.policies.current(siteId);
      const manage = actorCan(actor, "policy:manage");
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
        html`${groupLinks}${listForm}${editor}<h2>Change log</h2>${table(
          ["Version", "When", "By", "Reason"],
          changes.map((ch, i) => [changes.length - i, when(ch.at), ch.changedBy, ch.reason]),
          "No change yet.",
        )}`,
      );
    }),
  );
  app.post(
    "/sites/:siteId/policy",
    pageHandler(async (c) => {
      const { actor, form } = await formOf(c, "policy:manage");
      const siteId = param(c, "siteId");
      const policy = readYamlText(String(form.policy ?? ""));
      if (!policy.ok) return back(c, `/sites/${siteId}/policy`, { error: `Not valid YAML: ${policy.problem}` });
      try {
        const { version } = services.policies.replace(actor, siteId, policy.value, String(form.reason ?? ""));
        return back(c, `/sites/${siteId}/policy`, {
          done: `Saved as version ${version}; agents pick it up within a minute.`,
        });
      } catch (error) {
        return back(c, `/sites/${siteId}/policy`, { error: problemOf(error) });
      }
    }),
  );
  app.post(
    "/sites/:siteId/policy/lists",
    pageHandler(async (c) => {
      const { actor, form } = await formOf(c, "policy:manage");
      const siteId = param(c, "siteId");
      const names = (text: string | undefined) =>
        String(text ?? "")
          .split(/\s+/)
          .filter(Boolean);
      try {
        const { version } = services.policies.editList(actor, siteId, {
          group: String(form.group),
          list: form.list === "allow" ? "allow" : "block",
          add: names(form.add),
          remove: names(form.remove),
          reason: String(form.reason ?? ""),
        });
        return back(c, `/sites/${siteId}/policy`, { done: `Saved as version ${version}.` });
      } catch (error) {
        return back(c, `/sites/${siteId}/policy`, { error: problemOf(error) });
      }
    }),
  );
}
