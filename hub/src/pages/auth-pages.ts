import { getConnInfo } from "@hono/node-server/conninfo";
import type { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { type HubEnv, SESSION_COOKIE } from "../routes/route-def.ts";
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
      let address = "unknown";
      try {
        address = getConnInfo(c).remote.address ?? "unknown";
      } catch {
        // In-process requests have no socket.
      }
      try {
        const session = await services.auth.login(String(form.email ?? ""), String(form.password ?? ""), address);
        setCookie(c, SESSION_COOKIE, session.sessionId, {
          httpOnly: true,
          secure: secureCookies,
          sameSite: "Strict",
          path: "/",
          expires: new Date(session.expiresAt),
        });
        const next = String(form.next ?? "/");
        return c.redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/", 303);
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
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) services.auth.logout(cookie);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return back(c, "/login", { done: "Signed out." });
    }),
  );
}
