import { createHub } from "@fenceline/hub/src/hub-app.ts";
import { DEFAULT_AUTH_SETTINGS } from "@fenceline/hub/src/services/auth-service.ts";
import { openHubStores } from "@fenceline/hub/src/store/open-stores.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";

export const ADMIN_TOKEN = "fl_signin-test-admin-token";
/** Identity-seeing accounts are the DSL's to manage (domain/account-grants.ts), so a DSL administers those. */
export const DSL_ADMIN_TOKEN = "fl_signin-test-dsl-admin-token";

/**
 * A hub serving real HTTP on 127.0.0.1 (port 0) with a clock the test moves, and an administrator
 * holding ADMIN_TOKEN. `trustedProxies` as in the configuration file.
 */
export async function startSigninHub(trustedProxies: string[] = []) {
  const clock = { ms: Date.parse("2026-12-01T09:00:00Z") };
  const stores = openHubStores(":memory:");
  const hub = createHub({
    stores,
    log: pino({ level: "silent" }),
    settings: { auth: { ...DEFAULT_AUTH_SETTINGS, trustedProxies } },
    now: () => new Date(clock.ms),
  });
  hub.services.alerts.notify = () => {};
  grantToken(stores, ADMIN_TOKEN, "ict-admin");
  grantToken(stores, DSL_ADMIN_TOKEN, "dsl");
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  /** The administrator who may manage an account of `role`: ICT for ICT and board accounts, else the DSL. */
  const adminFor = (role: string) => ({
    authorization: `Bearer ${role === "ict-admin" || role === "board" ? ADMIN_TOKEN : DSL_ADMIN_TOKEN}`,
    "content-type": "application/json",
  });
  const roles = new Map<string, string>();
  return {
    url,
    hub,
    clock,
    /** Moves the hub's clock on. */
    advance: (ms: number) => {
      clock.ms += ms;
    },
    /** A new account over the API, with the one-time password the hub made for it. */
    async addUser(email: string, role = "dsl"): Promise<{ id: string; password: string }> {
      const response = await fetch(`${url}/api/users`, {
        method: "POST",
        headers: adminFor(role),
        body: JSON.stringify({ email, name: email, role, sites: null }),
      });
      if (response.status !== 201) throw new Error(`creating ${email}: ${response.status}`);
      const body = (await response.json()) as { user: { id: string }; password: string };
      roles.set(body.user.id, role);
      return { id: body.user.id, password: body.password };
    },
    /** A new account whose one-time password was changed to `password`; returns its signed-in session. */
    async addUserWithOwnPassword(email: string, password: string, role = "dsl") {
      const { id, password: once } = await this.addUser(email, role);
      const first = await apiLogin(url, email, once);
      const changed = await fetch(`${url}/api/me/password`, {
        method: "POST",
        headers: sessionHeaders(first),
        body: JSON.stringify({ current: once, next: password }),
      });
      if (changed.status !== 204) throw new Error(`changing ${email}'s password: ${changed.status}`);
      return { id, session: first };
    },
    async resetPassword(userId: string): Promise<string> {
      const response = await fetch(`${url}/api/users/${userId}/password-reset`, {
        method: "POST",
        headers: adminFor(roles.get(userId) ?? "dsl"),
      });
      return ((await response.json()) as { password: string }).password;
    },
    /** Audit entries whose action starts with `prefix`. */
    audit: (prefix: string) => hub.services.audit.page(0, 100_000, prefix),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      stores.close();
    },
  };
}

export type SigninHub = Awaited<ReturnType<typeof startSigninHub>>;

/** A JSON sign-in over HTTP, optionally as if forwarded for `forwardedFor`. */
export async function apiLogin(url: string, email: string, password: string, forwardedFor?: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? null;
  const csrf = typeof body.csrf === "string" ? body.csrf : null;
  return { status: response.status, body, cookie, csrf };
}

/** What a refusal says, without the per-request id. */
export function refusalOf(body: Record<string, unknown>) {
  const { requestId: _id, ...rest } = body.error as Record<string, unknown>;
  return rest;
}

/** Headers for a state-changing JSON call with a session: its cookie and CSRF token. */
export function sessionHeaders(session: { cookie: string | null; csrf: string | null }): Record<string, string> {
  return { cookie: session.cookie ?? "", "x-csrf-token": session.csrf ?? "", "content-type": "application/json" };
}
