import { loginInput, passwordChangeInput, tokenNameInput } from "../actions/account.ts";
import type { HubActions } from "../actions/index.ts";
import { ROLE_PERMISSIONS } from "../domain/roles.ts";
import { signInWithCookie, signOutCookie } from "../http/session-cookie.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

/** Signing in and out, and what a user manages for themself: password and API tokens. */
export function authRoutes(actions: HubActions, secureCookies: boolean): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/auth/login",
      tag: "auth",
      summary: "Sign in with email and password; sets the session cookie and returns the CSRF token forms must send",
      access: "public",
      body: loginInput,
      handle: async (c, { body }) => {
        const session = await signInWithCookie(c, actions, body, secureCookies);
        return c.json({
          user: session.actor,
          csrf: session.csrf,
          expiresAt: session.expiresAt,
          // True after signing in with a one-time password: every call but changing it is refused until then.
          mustChangePassword: session.mustChangePassword,
        });
      },
    }),
    route({
      method: "POST",
      path: "/api/auth/logout",
      tag: "auth",
      summary: "Sign out: ends the session",
      access: "signed-in",
      handle: noContent((c) => signOutCookie(c, actions)),
    }),
    route({
      method: "GET",
      path: "/api/me",
      tag: "auth",
      summary: "The signed-in user, their permissions, and (with a session) the CSRF token",
      access: "signed-in",
      handle: (c, { actor }) => c.json({ user: actor, permissions: ROLE_PERMISSIONS[actor.role], csrf: c.get("csrf") }),
    }),
    route({
      method: "POST",
      path: "/api/me/password",
      tag: "auth",
      summary:
        "Change one's own password (a few attempts per 15 minutes); ends every other session and revokes every API token of the user",
      access: "signed-in",
      body: passwordChangeInput,
      handle: async (c, { actor, body }) => {
        await actions.account.changePassword(actor, body, c.get("sessionId"));
        return c.body(null, 204);
      },
    }),
    route({
      method: "GET",
      path: "/api/me/tokens",
      tag: "auth",
      summary: "One's own API tokens (never the secrets)",
      access: "signed-in",
      handle: (c, { actor }) => c.json({ tokens: actions.account.tokens(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/me/tokens",
      tag: "auth",
      summary:
        "Create an API token acting as oneself: read-only (GET only, the default) or read-write, expiring after `days` (default 90); the secret is shown once",
      access: "signed-in",
      body: tokenNameInput,
      handle: (c, { actor, body }) => c.json(actions.account.createToken(actor, body), 201),
    }),
    route({
      method: "DELETE",
      path: "/api/me/tokens/:tokenId",
      tag: "auth",
      summary: "Revoke one of one's API tokens",
      access: "signed-in",
      handle: noContent((c, { actor }) => actions.account.revokeToken(actor, { tokenId: param(c, "tokenId") })),
    }),
  ];
}
