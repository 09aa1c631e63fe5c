import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { HubActions } from "../actions/index.ts";
import { HubError } from "../hub-error.ts";
import { clientAddress, compileAddressList } from "./client-address.ts";
import { type HubEnv, SESSION_COOKIE } from "./hub-env.ts";
import { bearer } from "./read-json-body.ts";

/** What a session signed in with a one-time password may still do: see itself, change it, sign out. */
const ONE_TIME_ALLOWED = new Set([
  "GET /api/me",
  "POST /api/me/password",
  "POST /api/auth/logout",
  "GET /account",
  "POST /account/password",
  "POST /logout",
  "GET /login",
  "POST /login",
]);
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Resolves the client's address and the user behind the request, if any: an `fl_` API token (a
 * read-only one may only read), else the session cookie (one with a one-time password may only
 * change it: pages go to the form, API calls are refused).
 */
export function authenticate(actions: HubActions, trustedProxies: readonly string[]) {
  const trusted = compileAddressList(trustedProxies);
  return async function authenticateUser(c: Context<HubEnv>, next: () => Promise<void>) {
    c.set("actor", null);
    c.set("via", null);
    c.set("csrf", null);
    c.set("sessionId", null);
    c.set("agent", null);
    c.set("clientAddress", clientAddress(c, trusted));
    const token = bearer(c);
    if (token?.startsWith("fl_")) {
      const found = actions.account.tokenActor(token);
      if (!found) throw new HubError("unauthorised", "the API token is unknown, expired or revoked");
      if (found.scope === "read-only" && !READ_METHODS.has(c.req.method))
        throw new HubError("forbidden", "this API token is read-only; create a read-write token to make changes");
      c.set("actor", found.actor);
      c.set("via", "token");
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      const session = sessionId ? actions.account.sessionActor(sessionId) : null;
      if (session && sessionId) {
        if (session.mustChangePassword && !ONE_TIME_ALLOWED.has(`${c.req.method} ${c.req.path}`)) {
          if (c.req.path.startsWith("/api/"))
            throw new HubError(
              "forbidden",
              "you signed in with a one-time password: change it first (POST /api/me/password)",
            );
          return c.redirect("/account?error=Choose+your+own+password+before+anything+else.", 303);
        }
        c.set("actor", session.actor);
        c.set("via", "session");
        c.set("csrf", session.csrf);
        c.set("sessionId", sessionId);
      }
    }
    await next();
  };
}
