import type { Hono } from "hono";
import { html } from "hono/html";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { signInWithCookie, signOutCookie } from "../routes/session-cookie.ts";
import { back, page } from "./layout.ts";
import { formOf, pageHandler } from "./page-guard.ts";

/** Signing in and out of the dashboard. */
export function authPages(app: Hono<HubEnv>, services: HubServices, secureCookies: boolean): void {
  app.get(
    "/login",
    pageHandler((c) =>
      page(
        c,
        "Sign in",
        html`<form method="post" action="/login" style="max-width:360px">
<input type="hidden" name="next" value="${c.req.query("next") ?? "/"}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required style="width:100%">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required style="width:100%">
<p><button type="submit">Sign in</button></p></form>`,
      ),
    ),
  );
  app.post(
    "/login",
    pageHandler(async (c) => {
      const form = (await c.req.parseBody()) as Record<string, string>;
      try {
        await signInWithCookie(
          c,
          services,
          { email: String(form.email ?? ""), password: String(form.password ?? "") },
          secureCookies,
        );
        const next = String(form.next ?? "/");
        // Only back into the hub: "//host" and "/\host" would leave it.
        return c.redirect(/^\/(?![/\\])/.test(next) ? next : "/", 303);
      } catch (error) {
        if (error instanceof HubError) return back(c, "/login", { error: error.message });
        throw error;
      }
    }),
  );
  app.post(
    "/logout",
    pageHandler(async (c) => {
      await formOf(c);
      signOutCookie(c, services);
      return back(c, "/login", { done: "Signed out." });
    }),
  );
}
