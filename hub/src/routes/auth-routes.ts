import { z } from "zod";
import { ROLE_PERMISSIONS } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { type RouteDef, route } from "./route-def.ts";
import { signInWithCookie, signOutCookie } from "./session-cookie.ts";

const login = z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(256) });
const passwordChange = z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
const tokenName = z.strictObject({ name: z.string().trim().min(1).max(100) });

/** Signing in and out, and what a user manages for themself: password and API tokens. */
export function authRoutes(services: HubServices, secureCookies: boolean): RouteDef[] {
  return [
    route({
      method: "POST",
      path: "/api/auth/login",
      tag: "auth",
      summary: "Sign in with email and password; sets the session cookie and returns the CSRF token forms must send",
      access: "public",
      body: login,
      handle: async (c, { body }) => {
        const session = await signInWithCookie(c, services, body, secureCookies);
        return c.json({ user: session.actor, csrf: session.csrf, expiresAt: session.expiresAt });
      },
    }),
    route({
      method: "POST",
      path: "/api/auth/logout",
      tag: "auth",
      summary: "Sign out: ends the session",
      access: "signed-in",
      handle: (c) => {
        signOutCookie(c, services);
        return c.body(null, 204);
      },
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
      summary: "Change one's own password",
      access: "signed-in",
      body: passwordChange,
      handle: async (c, { actor, body }) => {
        await services.auth.changePassword(actor, body.current, body.next);
        return c.body(null, 204);
      },
    }),
    route({
      method: "GET",
      path: "/api/me/tokens",
      tag: "auth",
      summary: "One's own API tokens (never the secrets)",
      access: "signed-in",
      handle: (c, { actor }) => c.json({ tokens: services.auth.tokens(actor) }),
    }),
    route({
      method: "POST",
      path: "/api/me/tokens",
      tag: "auth",
      summary: "Create an API token acting as oneself; the secret is shown once",
      access: "signed-in",
      body: tokenName,
      handle: (c, { actor, body }) => c.json(services.auth.createToken(actor, body.name), 201),
    }),
    route({
      method: "DELETE",
      path: "/api/me/tokens/:tokenId",
      tag: "auth",
      summary: "Revoke one of one's API tokens",
      access: "signed-in",
      handle: (c, { actor }) => {
        services.auth.revokeToken(actor, c.req.param("tokenId") as string);
        return c.body(null, 204);
      },
    }),
  ];
}
