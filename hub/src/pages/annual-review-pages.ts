import type { Context } from "hono";
import { html } from "hono/html";
import { actorCan } from "../domain/roles.ts";
import type { HubEnv } from "../http/hub-env.ts";
import type { AnnualReview, ReviewAction } from "../store/annual-review-store.ts";
import { csrfField, page, table, when } from "./layout.ts";
import { getPage, type PageDef, type PageDeps } from "./page-def.ts";

export const reviewSite = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
export const reviewKey = (c: Context<HubEnv>) => ({ siteId: reviewSite(c), year: Number(c.req.param("year")) });
export const reviewPath = (c: Context<HubEnv>) => `/sites/${reviewSite(c)}/annual-reviews/${c.req.param("year") ?? ""}`;

const ROLE_NAMES = { slt: "Senior leadership", dsl: "DSL", ict: "ICT", governor: "Governor" } as const;
const signature = (by: string | null, at: string | null, zone: string) => (by ? `${by}, ${when(at, zone)}` : "not yet");
const status = (r: AnnualReview) =>
  r.dslSignedAt && r.governorSignedAt
    ? "signed and locked"
    : r.dslSignedAt || r.governorSignedAt
      ? "signed by one"
      : "draft";

/** A site's annual review records, and (for the DSL roles) the form that starts a year's. */
export function annualReviewPages(deps: PageDeps): PageDef[] {
  const { actions, zoneOf } = deps;
  return [
    getPage("/annual-reviews", "reviews:read", (c, { actor }) => {
      const rows = actions.annualReviews
        .bySite(actor)
        .map((site) => [
          html`<a href="/sites/${site.siteId}/annual-reviews">${site.name}</a>`,
          site.reviews.map((r) => `${r.year} (${status(r)})`).join(", ") || "none yet",
        ]);
      return page(c, "Annual reviews", table(["Site", "Records"], rows, "No site."));
    }),
    getPage("/sites/:siteId/annual-reviews", "reviews:read", (c, { actor }) => {
      const siteId = reviewSite(c);
      const reviews = actions.annualReviews.list(actor, { siteId });
      const rows = reviews.map((r) => [
        html`<a href="/sites/${siteId}/annual-reviews/${r.year}">${r.year}</a>`,
        r.meetingOn ?? "",
        status(r),
      ]);
      const form = actorCan(actor, "reviews:write")
        ? html`<h2>Record a year's review</h2><form method="post" action="/sites/${siteId}/annual-reviews" class="row" style="align-items:end">${csrfField(c)}
<div><label for="year">Year</label><input id="year" name="year" required inputmode="numeric" value="${new Date().getUTCFullYear()}"></div>
<div><button>Start the record</button></div></form>
<p class="muted">Actions not done at the last review are carried into the new record.</p>`
        : "";
      return page(
        c,
        `Annual reviews: ${siteId}`,
        html`<p>The record of each year's review of filtering and monitoring: who met, the evidence pack reviewed, what was
decided, the actions, and the sign-off of the DSL and the responsible governor. Once both have signed, the record is locked.</p>
${table(["Year", "Meeting", "Status"], rows, "No review recorded yet.")}${form}`,
      );
    }),
    getPage("/sites/:siteId/annual-reviews/:year", "reviews:read", (c, { actor }) => {
      const key = reviewKey(c);
      const review = actions.annualReviews.get(actor, key);
      const zone = zoneOf(key.siteId);
      const editable = actorCan(actor, "reviews:write") && !review.dslSignedAt && !review.governorSignedAt;
      const path = reviewPath(c);
      const attendees = review.attendees.map((a) => [ROLE_NAMES[a.role], a.name]);
      const actionRow = (a: ReviewAction) => [a.what, a.owner, a.dueOn ?? "", a.status, a.carriedFrom ? "yes" : ""];
      const pack = review.reportId
        ? html`<a href="/reports/${review.reportId}">report ${review.reportId}</a>, SHA-256 <code>${review.reportSha256}</code>`
        : "none attached yet";
      const signForms = html`${
        actorCan(actor, "reviews:sign-dsl") && !review.dslSignedAt
          ? html`<form method="post" action="${path}/sign-dsl">${csrfField(c)}<button>Sign as the DSL</button></form>`
          : ""
      }${
        actorCan(actor, "reviews:sign-governor") && !review.governorSignedAt
          ? html`<form method="post" action="${path}/sign-governor">${csrfField(c)}<button>Sign as the governor</button></form>`
          : ""
      }`;
      return page(
        c,
        `Annual review ${review.year}: ${key.siteId}`,
        html`<p>Status: <strong>${status(review)}</strong>. Meeting: ${review.meetingOn ?? "not set"}.</p>
<p>Evidence pack: ${pack}.</p>
<h2>Attendees</h2>${table(["Capacity", "Name"], attendees, "None recorded.")}
<h2>Decisions</h2><p style="white-space:pre-wrap">${review.decisions || "None recorded."}</p>
<h2>Actions</h2>${table(["Action", "Owner", "Due", "Status", "Carried from last year"], review.actions.map(actionRow), "No action.")}
<h2>Sign-off</h2><p>DSL: ${signature(review.dslSignedBy, review.dslSignedAt, zone)}.
Governor: ${signature(review.governorSignedBy, review.governorSignedAt, zone)}.</p>${signForms}
${editable ? reviewForms(c, path, review) : ""}`,
      );
    }),
  ];
}

/** The DSL roles' forms on a record not yet signed. */
function reviewForms(c: Context<HubEnv>, path: string, review: AnnualReview & { actions: ReviewAction[] }) {
  const attendees = review.attendees.map((a) => `${a.role}: ${a.name}`).join("\n");
  return html`<h2>Edit the record</h2>
<form method="post" action="${path}">${csrfField(c)}
<label for="meetingOn">Meeting date</label><input id="meetingOn" name="meetingOn" type="date" value="${review.meetingOn ?? ""}">
<label for="attendees">Attendees, one a line as "capacity: name" (capacity slt, dsl, ict or governor)</label>
<textarea id="attendees" name="attendees" rows="5">${attendees}</textarea>
<label for="decisions">Decisions</label><textarea id="decisions" name="decisions" rows="6">${review.decisions}</textarea>
<button>Save</button></form>
<form method="post" action="${path}/report" class="row" style="align-items:end">${csrfField(c)}
<div><label for="reportId">Annual review report number (from Reports)</label><input id="reportId" name="reportId" required inputmode="numeric"></div>
<div><button>Attach the evidence pack</button></div></form>
<h3>Add an action</h3><form method="post" action="${path}/actions" class="row" style="align-items:end">${csrfField(c)}
<div><label for="what">Action</label><input id="what" name="what" required></div>
<div><label for="owner">Owner</label><input id="owner" name="owner" required></div>
<div><label for="dueOn">Due</label><input id="dueOn" name="dueOn" type="date"></div>
<div><button>Add</button></div></form>
${review.actions
  .filter((a) => a.status === "open")
  .map(
    (a) => html`<form method="post" action="${path}/actions/${a.id}" class="row">${csrfField(c)}
<input type="hidden" name="what" value="${a.what}"><input type="hidden" name="owner" value="${a.owner}">
<input type="hidden" name="dueOn" value="${a.dueOn ?? ""}"><input type="hidden" name="status" value="done">
<span>${a.what}</span> <button>Mark done</button></form>`,
  )}`;
}
