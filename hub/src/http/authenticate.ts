import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { HubActions } from "../actions/index.ts";
import { HubError } from "../hub-error.ts";
import { type HubEnv, SESSION_COOKIE } from "./hub-env.ts";
import { bearer } from "./read-json-body.ts";

/** Resolves the user behind the request, if any: an `fl_` API token, else the session cookie. */
export function authenticate(actions: HubActions) {
  return async function authenticateUser(c: Context<HubEnv>, next: () => Promise<void>) {
    c.set("actor", null);
    c.set("via", null);
    c.set("csrf", null);
    c.set("agent", null);
    const token = bearer(c);
    if (token?.startsWith("fl_")) {
      const actor = actions.account.tokenActor(token);
      if (!actor) throw new HubError("unauthorised", "the API token is unknown or revoked");
      c.set("actor", actor);
      c.set("via", "token");
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      const session = sessionId ? actions.account.sessionActor(sessionId) : null;
      if (session) {
        c.set("actor", session.actor);
        c.set("via", "session");
        c.set("csrf", session.csrf);
      }
    }
    await next();
  };
}
