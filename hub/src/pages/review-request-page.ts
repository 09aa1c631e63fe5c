import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { page } from "./layout.ts";
import { sameOrigin } from "./learner-report-page.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** The name, a reason and a contact; the body is refused above this, before it is read whole. */
const MAX_BODY = 8 * 1024;

const LOCKED = html`<p class="error" role="note">This site is in a category of illegal content. It is blocked for
everyone by law and cannot be unblocked, so no request can be made for it.</p>`;

/**
 * "Ask for it to be reviewed": the block page's link, without signing in. The name and category
 * come prefilled from the link; the reason is the requester's; a contact is optional. Locked
 * categories are refused, and the form says so.
 */
export function reviewRequestPages({ actions, publicUrl }: PageDeps): PageDef[] {
  const stateOf = (c: Context<HubEnv>) => {
    const site = c.req.query("site") ?? "";
    const state = actions.reviewRequests.formState(site, c.req.query("category") ?? "");
    if (!state.open) throw new HubError("not-found", "no such form");
    return { site, ...state };
  };

  const show = getPage("/review-request", "public", (c) => {
    const { site, locked, category } = stateOf(c);
    const name = (c.req.query("name") ?? "").slice(0, 253);
    const categoryId = category?.id ?? "";
    if (locked) return page(c, "Ask for a site to be unblocked", LOCKED);
    return page(
      c,
      "Ask for a site to be unblocked",
      html`<p>If a site you need for your work is blocked, say why and the school's IT team (or its safeguarding lead)
will look at it.${category ? html` It was blocked as <strong>${category.name}</strong>.` : ""}</p>
<form method="post" action="/review-request?site=${site}&amp;category=${categoryId}">
<label for="name">Site</label><input id="name" name="name" value="${name}" maxlength="253" required>
<label for="reason">Why you need it</label><textarea id="reason" name="reason" rows="4" maxlength="2000" required></textarea>
<label for="contact">Your email or name, if you want an answer (optional)</label>
<input id="contact" name="contact" maxlength="200">
<p><button type="submit">Ask for a review</button></p></form>`,
    );
  });

  const send = postPage(
    "/review-request",
    "public",
    { form: formSchema({ name: field(), reason: field(), contact: field() }), maxBody: MAX_BODY },
    (c, { form }) => {
      if (!sameOrigin(c, publicUrl)) throw new HubError("forbidden", "send the form from the hub's own page");
      const { site, category } = stateOf(c);
      const made = actions.reviewRequests.requestFromForm({
        ...{ siteId: site, name: form.name, category: category?.id ?? "", reason: form.reason, contact: form.contact },
        clientAddress: c.get("clientAddress"),
      });
      return page(
        c,
        "Request sent",
        html`<p role="status">Thank you. Your request (number ${made.id}) has gone to the school's IT team.</p>`,
      );
    },
  );
  return [show, send];
}
