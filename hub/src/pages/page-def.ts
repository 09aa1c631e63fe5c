import type { Taxonomy } from "@fenceline/shared";
import type { Context } from "hono";
import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import type { Actor } from "../domain/roles.ts";
import type { Access, HubEnv } from "../http/hub-env.ts";
import { back } from "./layout.ts";

export interface PageInput<F> {
  /** The signed-in user; null only on public pages (signing in). */
  actor: Actor;
  /** The submitted form, checked against the page's schema (POST only). */
  form: F;
  /** Files a multipart form uploaded, by field name (empty for other forms and GET). */
  files: ReadonlyMap<string, File>;
}

/**
 * A dashboard page as data, like a route: the guard mounts it behind its access (a session, a
 * permission, the form's CSRF token), and the authorisation tests walk it.
 */
export interface PageDef<F extends z.ZodType = z.ZodType> {
  method: "GET" | "POST";
  path: string;
  access: Exclude<Access, "agent">;
  form?: F;
  /** Largest form body read, in bytes; 16 KiB unless the page says more (the policy editor). */
  maxBody?: number;
  /** Where a form goes back to with a refusal as its message; without it, a refusal is shown as a page. */
  back?: (c: Context<HubEnv>) => string;
  handle: (c: Context<HubEnv>, input: PageInput<z.infer<F>>) => Response | Promise<Response>;
}

export function pageDef<F extends z.ZodType = z.ZodUnknown>(def: PageDef<F>): PageDef {
  return def as unknown as PageDef;
}

/** What every page module is built from. */
export interface PageDeps {
  actions: HubActions;
  taxonomy: Taxonomy;
  secureCookies: boolean;
  /** The hub's own address: where a page may send the browser back to. */
  publicUrl: string;
  /** The time zone a site's times are shown in (stored times stay UTC). */
  zoneOf: (siteId: string) => string;
}

/** A form field: always a string, empty when the form left it out. */
export const field = () => z.string().max(100_000).default("");

/** A form's fields, as a schema; other fields (the CSRF token) pass through untouched. */
export function formSchema<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape);
}

type Handle<F extends z.ZodType> = PageDef<F>["handle"];

/** A page that shows something: its path, who may see it, and what it shows. */
export function getPage(path: string, access: PageDef["access"], handle: Handle<z.ZodUnknown>): PageDef {
  return pageDef({ method: "GET", path, access, handle });
}

/** Where a form is posted: its path, who may post it, its fields and where a refusal goes back to, and what it does. */
export function postPage<F extends z.ZodType = z.ZodUnknown>(
  path: string,
  access: PageDef["access"],
  options: { form?: F; back?: PageDef["back"]; maxBody?: PageDef["maxBody"] },
  handle: Handle<F>,
): PageDef {
  return pageDef<F>({ method: "POST", path, access, ...options, handle });
}

/** A form that does one thing and goes back to its page saying what was done (a refusal goes back with why). */
export function formAction<F extends z.ZodType = z.ZodUnknown>(
  path: string,
  access: PageDef["access"],
  options: { form?: F; back: (c: Context<HubEnv>) => string },
  act: (c: Context<HubEnv>, input: Parameters<Handle<F>>[1]) => string | Promise<string>,
): PageDef {
  return postPage(path, access, options, async (c, input) => back(c, options.back(c), { done: await act(c, input) }));
}
