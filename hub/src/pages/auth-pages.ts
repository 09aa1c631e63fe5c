import { html } from "hono/html";
import { signInWithCookie, signOutCookie } from "../http/session-cookie.ts";
import { back, page } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";
import { signInTarget } from "./sign-in-target.ts";

/** Signing in and out of the dashboard. */
export function authPages({ actions, secureCookies, publicUrl }: PageDeps): PageDef[] {
  return [
    getPage("/login", "public", (c) =>
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
    postPage(
      "/login",
      "public",
      {
        form: formSchema({ email: field(), password: field(), next: field() }),
        // A refusal (wrong password, locked, rate-limited) is said on the sign-in form, never more precisely.
        back: () => "/login",
      },
      async (c, { form }) => {
        const session = await signInWithCookie(
          c,
          actions,
          { email: form.email, password: form.password },
          secureCookies,
        );
        if (session.mustChangePassword)
          return back(c, "/account", { error: "You signed in with a one-time password: choose your own now." });
        return c.redirect(signInTarget(form.next, publicUrl), 303);
      },
    ),
    postPage("/logout", "signed-in", {}, (c) => {
      signOutCookie(c, actions);
      return back(c, "/login", { done: "Signed out." });
    }),
  ];
}
