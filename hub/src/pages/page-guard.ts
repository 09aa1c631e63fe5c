import type { Context, Hono } from "hono";
import { html } from "hono/html";
import type { HubActions } from "../actions/index.ts";
import { type Actor, actorCan } from "../domain/roles.ts";
import { BODY_LIMITS } from "../http/body-limits.ts";
import type { HubEnv } from "../http/hub-env.ts";
import { readFormWithFiles } from "../http/read-form.ts";
import { ERROR_STATUS, type ErrorCode, HubError, issueLines } from "../hub-error.ts";
import { back, page } from "./layout.ts";
import type { PageDef } from "./page-def.ts";

const TITLES: Partial<Record<ErrorCode, string>> = {
  "not-found": "Not found",
  forbidden: "Not allowed",
  unauthorised: "Not signed in",
  "invalid-request": "Not valid",
  conflict: "Not possible now",
  "payload-too-large": "Too large",
  "unsupported-media-type": "Not accepted",
};

/** Refusals of the request itself, not of what the form says: answered with their own status, never as a form message. */
const REQUEST_REFUSALS = new Set<ErrorCode>(["not-found", "payload-too-large", "unsupported-media-type"]);

/** A refusal as one line for a form: the message and its details. */
export function problemOf(error: HubError): string {
  return `${error.message}${Array.isArray(error.details) ? `: ${error.details.join("; ")}` : ""}`;
}

/** Mounts every page behind the one guard: session, permission, CSRF, form schema; refusals as pages or form messages. */
export function mountPages(app: Hono<HubEnv>, pages: readonly PageDef[], actions: HubActions): void {
  for (const def of pages) {
    app.on(def.method, def.path, async (c) => {
      try {
        const actor = await guard(c, def, actions);
        if (actor instanceof Response) return actor;
        const submitted = def.method === "POST" ? await formOf(c, def) : undefined;
        if (submitted instanceof Response) return submitted;
        const files = submitted?.files ?? new Map<string, File>();
        return await def.handle(c, { actor: actor as Actor, form: submitted?.form, files });
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        if (def.back && !REQUEST_REFUSALS.has(error.code)) return back(c, def.back(c), { error: problemOf(error) });
        return page(
          c,
          TITLES[error.code] ?? "Something went wrong",
          html`<p>${error.message}</p>`,
          ERROR_STATUS[error.code],
        );
      }
    });
  }
}

/** The signed-in user holding the page's permission, or the answer instead: to the sign-in page, or a refusal. */
async function guard(c: Context<HubEnv>, def: PageDef, actions: HubActions): Promise<Actor | null | Response> {
  const actor = c.get("actor");
  if (def.access === "public") return actor;
  if (!actor || c.get("via") !== "session") return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  if (def.access !== "signed-in" && !actorCan(actor, def.access)) {
    actions.audit.refused(actor, { permission: def.access, method: def.method, path: c.req.path });
    return await page(
      c,
      "Not allowed",
      html`<p>Your role (${actor.role}) does not include this. Ask an administrator if you need it.</p>`,
      403,
    );
  }
  return actor;
}

/** The submitted form, after checking its CSRF token against the session's (public forms have none), and its schema. */
async function formOf(
  c: Context<HubEnv>,
  def: PageDef,
): Promise<{ form: unknown; files: Map<string, File> } | Response> {
  const { fields: form, files } = await readFormWithFiles(c, def.maxBody ?? BODY_LIMITS.small);
  if (def.access !== "public" && (!form._csrf || form._csrf !== c.get("csrf")))
    return await page(
      c,
      "Form expired",
      html`<p>The form's security token did not match. Go back, reload the page and try again.</p>`,
      403,
    );
  if (!def.form) return { form, files };
  const parsed = def.form.safeParse(form);
  if (!parsed.success)
    throw new HubError("invalid-request", "the form is not complete", issueLines(parsed.error.issues));
  return { form: parsed.data, files };
}
