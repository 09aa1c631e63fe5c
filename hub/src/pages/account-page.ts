import type { Context } from "hono";
import { html } from "hono/html";
import type { Actor } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** One's own account: the password (a first, one-time one must be changed) and personal API tokens. */
export function accountPages({ actions }: PageDeps): PageDef[] {
  // A new token is shown in the answer to the form, never in an address (history, logs).
  const render = (c: Context<HubEnv>, actor: Actor, token?: string) =>
    page(
      c,
      "Your account",
      html`<p>${actor.email} · role ${actor.role} · ${actor.sites ? `sites ${actor.sites.join(", ")}` : "all sites"}</p>
<h2>Change your password</h2>
<form method="post" action="/account/password" style="max-width:420px">${csrfField(c)}
<label for="current">Current password</label><input id="current" name="current" type="password" autocomplete="current-password" required style="width:100%">
<label for="next">New password (12 characters or more)</label><input id="next" name="next" type="password" autocomplete="new-password" required minlength="12" style="width:100%">
<p><button>Change password</button></p></form>
<h2>API tokens</h2>
${token ? html`<p class="notice" role="status">Your new token (shown once; send it as <code>Authorization: Bearer …</code>): <code>${token}</code></p>` : ""}
${table(
  ["Name", "Scope", "Created", "Expires", "Status", ""],
  actions.account
    .tokens(actor)
    .map((t) => [
      t.name,
      t.scope,
      when(t.createdAt),
      t.expiresAt ? when(t.expiresAt) : "never",
      t.revokedAt
        ? `revoked ${when(t.revokedAt)}`
        : t.expiresAt && t.expiresAt <= new Date().toISOString()
          ? "expired"
          : "active",
      t.revokedAt
        ? ""
        : html`<form class="inline" method="post" action="/account/tokens/${t.id}/revoke">${csrfField(c)}<button>Revoke</button></form>`,
    ]),
  "No API tokens.",
)}
<form method="post" action="/account/tokens" class="row" style="align-items:end">${csrfField(c)}
<div><label for="name">Token name</label><input id="name" name="name" required maxlength="100"></div>
<div><label for="scope">Access</label><select id="scope" name="scope"><option value="read-only">Read only</option><option value="read-write">Read and write</option></select></div>
<div><label for="days">Days until it expires</label><input id="days" name="days" type="number" min="1" max="365" value="90"></div>
<div><button>Create a token</button></div></form>`,
    );
  return [
    getPage("/account", "signed-in", (c, { actor }) => render(c, actor)),
    formAction(
      "/account/password",
      "signed-in",
      { form: formSchema({ current: field(), next: field() }), back: () => "/account" },
      async (c, { actor, form }) => {
        await actions.account.changePassword(actor, { current: form.current, next: form.next }, c.get("sessionId"));
        return "Password changed. Your other sessions and API tokens have ended.";
      },
    ),
    postPage(
      "/account/tokens",
      "signed-in",
      { form: formSchema({ name: field(), scope: field(), days: field() }), back: () => "/account" },
      (c, { actor, form }) => {
        const name = form.name.trim();
        if (!name) return back(c, "/account", { error: "give the token a name" });
        const { token } = actions.account.createToken(actor, {
          name: name.slice(0, 100),
          scope: form.scope === "read-write" ? "read-write" : "read-only",
          ...(form.days ? { days: Number(form.days) } : {}),
        });
        return render(c, actor, token);
      },
    ),
    formAction("/account/tokens/:id/revoke", "signed-in", { back: () => "/account" }, (c, { actor }) => {
      actions.account.revokeToken(actor, { tokenId: c.req.param("id") ?? "" });
      return "Token revoked.";
    }),
  ];
}
