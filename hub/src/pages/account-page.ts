import type { Context, Hono } from "hono";
import { html } from "hono/html";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { formOf, pageHandler, param, signedIn } from "./page-guard.ts";

/** One's own account: the password (a first, one-time one must be changed) and personal API tokens. */
export function accountPage(app: Hono<HubEnv>, services: HubServices): void {
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
  ["Name", "Created", "Status", ""],
  services.auth
    .tokens(actor)
    .map((t) => [
      t.name,
      when(t.createdAt),
      t.revokedAt ? `revoked ${when(t.revokedAt)}` : "active",
      t.revokedAt
        ? ""
        : html`<form class="inline" method="post" action="/account/tokens/${t.id}/revoke">${csrfField(c)}<button>Revoke</button></form>`,
    ]),
  "No API tokens.",
)}
<form method="post" action="/account/tokens" class="row" style="align-items:end">${csrfField(c)}
<div><label for="name">Token name</label><input id="name" name="name" required maxlength="100"></div><div><button>Create a token</button></div></form>`,
    );
  app.get(
    "/account",
    pageHandler((c) => render(c, signedIn(c))),
  );
  app.post(
    "/account/password",
    pageHandler(async (c) => {
      const { actor, form } = await formOf(c);
      try {
        await services.auth.changePassword(actor, String(form.current ?? ""), String(form.next ?? ""));
        return back(c, "/account", { done: "Password changed." });
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        return back(c, "/account", {
          error: `${error.message}${Array.isArray(error.details) ? `: ${error.details.join("; ")}` : ""}`,
        });
      }
    }),
  );
  app.post(
    "/account/tokens",
    pageHandler(async (c) => {
      const { actor, form } = await formOf(c);
      const name = String(form.name ?? "").trim();
      if (!name) return back(c, "/account", { error: "give the token a name" });
      const { token } = services.auth.createToken(actor, name.slice(0, 100));
      return render(c, actor, token);
    }),
  );
  app.post(
    "/account/tokens/:id/revoke",
    pageHandler(async (c) => {
      const { actor } = await formOf(c);
      services.auth.revokeToken(actor, param(c, "id"));
      return back(c, "/account", { done: "Token revoked." });
    }),
  );
}
