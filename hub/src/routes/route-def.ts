import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";
import type { Access, HubEnv } from "../http/hub-env.ts";
import { bearer, readJsonBody } from "../http/read-json-body.ts";
import { HubError, issueLines } from "../hub-error.ts";

export type { Access, HubEnv };

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
  /** Largest JSON body read, in bytes; by default small on public routes, larger once signed in. */
  maxBody?: number;
  query?: Q;
  handle: (c: Context<HubEnv>, input: RouteInput<z.infer<B>, z.infer<Q>>) => Response | Promise<Response>;
}

export function route<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  def: RouteDef<B, Q>,
): RouteDef {
  return def as unknown as RouteDef;
}

/** A handler whose answer is "done, nothing to say": 204 once the work is over. */
export function noContent<I extends RouteInput<unknown, unknown>>(work: (c: Context<HubEnv>, input: I) => unknown) {
  return async (c: Context<HubEnv>, input: I): Promise<Response> => {
    await work(c, input);
    return c.body(null, 204);
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Mounts each route behind its guard: authentication, then permission, then CSRF, then input validation. */
export function mountRoutes(app: Hono<HubEnv>, routes: readonly RouteDef[], actions: HubActions): void {
  for (const def of routes) {
    app.on(def.method, def.path, async (c) => {
      const actor = await guard(c, def, actions);
      const body = def.body ? parse(def.body, await readJsonBody(c, { maxBytes: maxBodyOf(def) }), "body") : undefined;
      const query = def.query ? parse(def.query, c.req.query(), "query") : undefined;
      return def.handle(c, { body, query, actor: actor as Actor });
    });
  }
}

/** The body limit of a route: public routes are read before anyone is known, so they get the small one. */
function maxBodyOf(def: RouteDef): number {
  return def.maxBody ?? (def.access === "public" ? BODY_LIMITS.small : BODY_LIMITS.signedIn);
}

async function guard(c: Context<HubEnv>, def: RouteDef, actions: HubActions): Promise<Actor | null> {
  if (def.access === "public") return null;
  if (def.access === "agent") {
    c.set("agent", actions.agents.authenticate(bearer(c)));
    return null;
  }
  const actor = c.get("actor");
  if (!actor) throw new HubError("unauthorised", "sign in, or send an API token");
  if (def.access !== "signed-in" && !actorCan(actor, def.access)) {
    actions.audit.refused(actor, { permission: def.access, method: def.method, path: c.req.path });
    throw new HubError("forbidden", `this needs the "${def.access}" permission, which the ${actor.role} role lacks`);
  }
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

/** A path parameter of the route; whether the user may reach what it names is the action's check. */
export function param(c: Context<HubEnv>, name: string): string {
  return c.req.param(name) ?? "";
}
