import type { Context } from "hono";
import { html } from "hono/html";
import { type Actor, actorCan, type Permission } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubEnv } from "../routes/route-def.ts";
import { page } from "./layout.ts";

/** Thrown to answer a page request with a redirect or a refusal page instead of JSON. */
export class PageExit extends Error {
  readonly response: Response | Promise<Response>;
  constructor(response: Response | Promise<Response>) {
    super("page exit");
    this.response = response;
  }
}

/** The signed-in user, holding `permission` if given; otherwise to the sign-in page, or a refusal. */
export function signedIn(c: Context<HubEnv>, permission?: Permission): Actor {
  const actor = c.get("actor");
  if (!actor || c.get("via") !== "session")
    throw new PageExit(c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303));
  if (permission && !actorCan(actor, permission))
    throw new PageExit(
      page(
        c,
        "Not allowed",
        html`<p>Your role (${actor.role}) does not include this. Ask an administrator if you need it.</p>`,
        403,
      ),
    );
  return actor;
}

/** A submitted form, after checking its CSRF token against the session's. */
export async function formOf(
  c: Context<HubEnv>,
  permission?: Permission,
): Promise<{ actor: Actor; form: Record<string, string> }> {
  const actor = signedIn(c, permission);
  const body = await c.req.parseBody({ all: false });
  const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  if (!form._csrf || form._csrf !== c.get("csrf"))
    throw new PageExit(
      page(
        c,
        "Form expired",
        html`<p>The form's security token did not match. Go back, reload the page and try again.</p>`,
        403,
      ),
    );
  return { actor, form };
}

/** Runs a page handler, turning PageExit into its response and a HubError into a message on `back`. */
export function pageHandler(handler: (c: Context<HubEnv>) => Response | Promise<Response>) {
  return async (c: Context<HubEnv>) => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof PageExit) return error.response;
      if (error instanceof HubError && error.code === "not-found")
        return page(c, "Not found", html`<p>${error.message}</p>`, 404);
      if (error instanceof HubError && error.code === "forbidden")
        return page(c, "Not allowed", html`<p>${error.message}</p>`, 403);
      if (error instanceof HubError && error.code === "invalid-request")
        return page(c, "Not a valid request", html`<p>${error.message}</p>`, 400);
      throw error;
    }
  };
}

/** A path parameter of a page route. */
export function param(c: Context<HubEnv>, name: string): string {
  return c.req.param(name) ?? "";
}
