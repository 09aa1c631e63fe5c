import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Session } from "../actions/account.ts";
import type { HubActions } from "../actions/index.ts";
import { type HubEnv, SESSION_COOKIE } from "./hub-env.ts";

/** Signs in (rate limits and lockout apply) and sets the session cookie: HttpOnly, SameSite=Strict. */
export async function signInWithCookie(
  c: Context<HubEnv>,
  actions: HubActions,
  credentials: { email: string; password: string },
  secureCookies: boolean,
): Promise<Session> {
  const session = await actions.account.login({ ...credentials, address: c.get("clientAddress") ?? "unknown" });
  setCookie(c, SESSION_COOKIE, session.sessionId, {
    httpOnly: true,
    secure: secureCookies,
    sameSite: "Strict",
    path: "/",
    expires: new Date(session.expiresAt),
  });
  return session;
}

/** Ends the session behind the cookie, and the cookie. */
export function signOutCookie(c: Context<HubEnv>, actions: HubActions): void {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) actions.account.logout(cookie);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
