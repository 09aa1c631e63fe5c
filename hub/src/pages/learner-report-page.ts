import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../http/hub-env.ts";
import { HubError } from "../hub-error.ts";
import { page } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** The text and the little else the form sends; the body is refused above this, before it is read whole. */
const MAX_BODY = 8 * 1024;

const EMERGENCY = html`<p class="error" role="note"><strong>This is not for emergencies.</strong> If you or someone
else is in danger now, call <strong>999</strong>. To talk to someone in confidence, call Childline on
<strong>0800 1111</strong> (free, any time) or tell a teacher you trust.</p>`;

/** A POST must come from this hub's own page: the Origin a browser sends names the hub. */
export function sameOrigin(c: Context<HubEnv>, publicUrl: string): boolean {
  const origin = c.req.header("origin");
  if (!origin) return false;
  const own = new URL(c.req.url);
  const host = c.req.header("host");
  const allowed = [new URL(publicUrl).origin, own.origin, ...(host ? [`${own.protocol}//${host}`] : [])];
  return allowed.includes(origin);
}

/**
 * "Report a problem": for learners, from the filter's block page, without signing in. Text only,
 * limited per address, and plain that it is not how to get help in an emergency.
 */
export function learnerReportPages({ actions, publicUrl }: PageDeps): PageDef[] {
  const siteOf = (c: Context<HubEnv>) => {
    const site = c.req.query("site") ?? "";
    if (!actions.incidentReports.learnerFormOpen(site)) throw new HubError("not-found", "no such form");
    return site;
  };

  const show = getPage("/report-a-problem", "public", (c) => {
    const site = siteOf(c);
    return page(
      c,
      "Report a problem",
      html`${EMERGENCY}
<p>Saw something online that upset or worried you, or that should have been blocked? Tell the school here. You do not
need to give your name. Please do not paste or upload pictures.</p>
<form method="post" action="/report-a-problem?site=${site}"><label for="text">What happened</label>
<textarea id="text" name="text" rows="6" maxlength="4096" required></textarea>
<p><button type="submit">Send to the school</button></p></form>`,
    );
  });

  const send = postPage(
    "/report-a-problem",
    "public",
    { form: formSchema({ text: field() }), maxBody: MAX_BODY },
    (c, { form }) => {
      if (!sameOrigin(c, publicUrl)) throw new HubError("forbidden", "send the form from the hub's own page");
      actions.incidentReports.learnerReport({
        siteId: siteOf(c),
        text: form.text,
        clientAddress: c.get("clientAddress"),
      });
      return page(
        c,
        "Thank you",
        html`<p role="status">Thank you. Your report has gone to the school's safeguarding lead.</p>${EMERGENCY}`,
      );
    },
  );
  return [show, send];
}
