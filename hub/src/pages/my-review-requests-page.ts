import { html } from "hono/html";
import { csrfField, page, table, when } from "./layout.ts";
import { field, formAction, formSchema, getPage, type PageDef, type PageDeps } from "./page-def.ts";

/** Where a signed-in user's own review requests are listed and a new one is made. */
export const MY_REVIEW_REQUESTS = "/review-requests/mine";

const STATUS_TEXT = { pending: "waiting for a decision", approved: "approved", refused: "refused" } as const;

/**
 * "This got through", for anyone who may report a concern (staff included): a form to report a
 * name that should be blocked, and the requests this user made with their status and the
 * decision's reason. Nobody else's requests, and not who decided.
 */
export function myReviewRequestPages({ actions, zoneOf }: PageDeps): PageDef[] {
  const show = getPage(MY_REVIEW_REQUESTS, "incidents:report", (c, { actor }) => {
    const sites = actions.incidentReports.sites(actor);
    const requests = actions.reviewRequests.mine(actor);
    return page(
      c,
      "Sites I reported",
      html`<p>If a pupil reached a site that should have been blocked, report it here: the school's IT team (or its
safeguarding lead) will look at it. For a worry about a pupil, <a href="/report">report a concern</a> instead.</p>
<form method="post" action="${MY_REVIEW_REQUESTS}">${csrfField(c)}<fieldset><legend>A site that got through</legend>
<label for="siteId">School</label><select id="siteId" name="siteId" required>${sites.map(
        (site) => html`<option value="${site.id}">${site.name}</option>`,
      )}</select>
<label for="name">Site, e.g. www.example.com</label><input id="name" name="name" maxlength="253" required>
<label for="reason">What it is and where it was seen</label><textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea>
<p><button type="submit">Report it</button></p></fieldset></form>
<h2>What I reported</h2>
${table(
  ["#", "Asked", "Kind", "Site", "Status", "Decision"],
  requests.map((r) => [
    r.id,
    when(r.requestedAt, zoneOf(r.siteId)),
    r.kind === "unblock" ? "unblock" : "got through",
    r.name,
    STATUS_TEXT[r.status],
    r.decidedAt
      ? `${when(r.decidedAt, zoneOf(r.siteId))}: ${r.decisionReason ?? ""}${r.until ? ` (until ${when(r.until, zoneOf(r.siteId))})` : ""}`
      : "",
  ]),
  "You have not reported a site.",
)}`,
    );
  });

  const report = formAction(
    MY_REVIEW_REQUESTS,
    "incidents:report",
    { form: formSchema({ siteId: field(), name: field(), reason: field() }), back: () => MY_REVIEW_REQUESTS },
    (_c, { actor, form }) => {
      const made = actions.reviewRequests.reportGotThrough(actor, {
        ...{ siteId: form.siteId, name: form.name, reason: form.reason },
      });
      return `Reported as request ${made.id}.`;
    },
  );
  return [show, report];
}
