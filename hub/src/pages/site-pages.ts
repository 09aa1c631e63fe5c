import type { Context } from "hono";
import { html } from "hono/html";
import { type Actor, actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

const param = (c: Context<HubEnv>, name: string) => c.req.param(name) ?? "";

/** Sites and agents: add a site, issue enrolment tokens, revoke agents, see each agent's health. */
export function sitePages({ actions, zoneOf }: PageDeps): PageDef[] {
  // A new enrolment token is shown in the answer to the form, never in an address.
  const renderSites = (c: Context<HubEnv>, actor: Actor, token?: string) => {
    const manage = actorCan(actor, "fleet:manage");
    const sections = actions.sites.listWithStatus(actor).map(({ site, status }) => {
      const zone = zoneOf(site.id);
      return html`<h2>${site.name} <span class="muted">(${site.id})</span></h2>
<p><a href="/sites/${site.id}/policy">Filtering policy and change log</a>${actorCan(actor, "incidents:read") ? html` · <a href="/sites/${site.id}/alerting">Alert routes</a>` : ""}${actorCan(actor, "reviews:read") ? html` · <a href="/sites/${site.id}/annual-reviews">Annual reviews</a>` : ""}${actorCan(actor, "checks:read") ? html` · <a href="/sites/${site.id}/checks">Filtering checks</a>` : ""}${status.listsStale ? html` · <strong style="color:#c53030">lists stale</strong>` : ""}</p>
${table(
  ["Agent", "Status", "Last heard", "Lists", "List age", "Last update", ""],
  status.agents.map((a) => [
    a.name,
    a.revoked ? "revoked" : a.online ? "online" : "offline",
    when(a.lastSeenAt, zone),
    a.listsVersion ?? "–",
    a.listAgeDays === null ? "–" : `${a.listAgeDays} days${a.listsStale ? " (STALE)" : ""}`,
    a.lastListUpdate
      ? `${when(a.lastListUpdate.at, zone)} ${a.lastListUpdate.ok ? "ok" : `failed: ${a.lastListUpdate.errors.join("; ")}`}`
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
  return [
    getPage("/sites", "fleet:read", (c, { actor }) => renderSites(c, actor)),
    formAction(
      "/sites",
      "fleet:manage",
      { form: formSchema({ id: field(), name: field() }), back: () => "/sites" },
      (_c, { actor, form }) => {
        actions.sites.create(actor, { id: form.id, name: form.name });
        return `Site ${form.id} added.`;
      },
    ),
    postPage("/sites/:siteId/enrolment-tokens", "fleet:manage", {}, (c, { actor }) => {
      const { token } = actions.sites.issueEnrolmentToken(actor, { siteId: param(c, "siteId"), hours: 24 });
      return renderSites(c, actor, token);
    }),
    formAction("/sites/:siteId/agents/:agentId/revoke", "fleet:manage", { back: () => "/sites" }, (c, { actor }) => {
      actions.sites.revokeAgent(actor, { siteId: param(c, "siteId"), agentId: param(c, "agentId") });
      return "Agent revoked.";
    }),
  ];
}
