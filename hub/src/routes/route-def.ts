import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { z } from "zod";
import { type Actor, actorCan, actorSeesSite, type Permission } from "../domain/roles.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { bearer, readJsonBody } from "./read-json-body.ts";

/** Who may call a route: anyone, an enrolled agent, any signed-in user, or a user holding a permission. */
export type Access = Permission | "public" | "agent" | "signed-in";

export interface HubEnv {
  Variables: {
    requestId: string;
    actor: Actor | null;
    /** How the user authenticated: a session cookie (forms need the CSRF token) or an API token. */
    via: "session" | "token" | null;
    csrf: string | null;
    agent: { id: string; siteId: string } | null;
  };
}

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  actor: Actor;
}

/** A route as data: the app mounts it, the OpenAPI document describes it, the authorisation tests walk it. */
export interface RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  tag: string;
  summary: string;
  access: Access;
  body?: B;
  query?: Q;
  handle: (c: Context<HubEnv>, input: RouteInput<z.infer<B>, z.infer<Q>>) => Response | Promise<Response>;
}

export function route<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  def: RouteDef<B, Q>,
): RouteDef {
  return def as unknown as RouteDef;
}

export const SESSION_COOKIE = "fenceline_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Resolves the user behind the request, if any: an `fl_` API token, else the session cookie. */
export function authenticate(services: HubServices) {
  return async function authenticateUser(c: Context<HubEnv>, next: () => Promise<void>) {
    c.set("actor", null);
    c.set("via", null);
    c.set("csrf", null);
    c.set("agent", null);
    const token = bearer(c);
    if (token?.startsWith("fl_")) {
      const actor = services.auth.tokenActor(token);
      if (!actor) throw new HubError("unauthorised", "the API token is unknown or revoked");
      c.set("actor", actor);
      c.set("via", "token");
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      const session = sessionId ? services.auth.sessionActor(sessionId) : null;
      if (session) {
        c.set("actor", session.actor);
        c.set("via", "session");
        c.set("csrf", session.csrf);
      }
    }
    await next();
  };
}

/** Mounts each route behind its guard: authentication, then permission, then CSRF, then input validation. */
export function mountRoutes(app: Hono<HubEnv>, routes: readonly RouteDef[], services: HubServices): void {
  for (const def of routes) {
    app.on(def.method, def.path, async (c) => {
      const actor = await guard(c, def, services);
      const body = def.body ? parse(def.body, await readJsonBody(c), "body") : undefined;
      const query = def.query ? parse(def.query, c.req.query(), "query") : undefined;
      return def.handle(c, { body, query, actor: actor as Actor });
    });
  }
}

async function guard(c: Context<HubEnv>, def: RouteDef, services: HubServices): Promise<Actor | null> {
  if (def.access === "public") return null;
  if (def.access === "agent") {
    c.set("agent", services.enrolment.authenticateAgent(bearer(c)));
    return null;
  }
  const actor = c.get("actor");
  if (!actor) throw new HubError("unauthorised", "sign in, or send an API token");
  if (def.access !== "signed-in" && !actorCan(actor, def.access))
    throw new HubError("forbidden", `this needs the "${def.access}" permission, which the ${actor.role} role lacks`);
  if (c.get("via") === "session" && !SAFE_METHODS.has(def.method)) {
    const sent = c.req.header("x-csrf-token");
    if (!sent || sent !== c.get("csrf")) throw new HubError("forbidden", "missing or wrong CSRF token");
  }
  return actor;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new HubError("invalid-request", `the request ${where} is invalid`, issueLines(result.error.issues));
  return result.data;
}

/** A site the user works with, or 404 as if it did not exist. */
export function siteParam(c: Context<HubEnv>, actor: Actor): string {
  const siteId = c.req.param("siteId") as string;
  if (!actorSeesSite(actor, siteId)) throw new HubError("not-found", `no site "${siteId}"`);
  return siteId;
}
