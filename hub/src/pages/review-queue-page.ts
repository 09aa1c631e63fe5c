import type { Context } from "hono";
import { html } from "hono/html";
import type { HubEnv } from "../http/hub-env.ts";
import { WHOLE_SITE } from "../services/review-request-service.ts";
import { back, csrfField, page, table, when } from "./layout.ts";
import { field, formSchema, getPage, type PageDef, type PageDeps, postPage } from "./page-def.ts";

/** Where a request's category came from, as the queue says it. */
const SOURCE_TEXT = { filter: "category from the filter", requester: "category the requester gave" } as const;

const siteOf = (c: Context<HubEnv>) => c.req.param("siteId") ?? "";
const requestOf = (c: Context<HubEnv>) => Number(c.req.param("requestId"));
const queuePage = (c: Context<HubEnv>) => `/sites/${siteOf(c)}/review-requests`;

/**
 * The review queue of a site: unblock requests from the block page and "got through" reports,
 * each approved (for a group or the whole site, for some hours) or refused with a reason by ICT,
 * or by the DSL roles for sensitive categories; and a form to report a name that got through.
 */
export function reviewQueuePages({ actions, zoneOf }: PageDeps): PageDef[] {
  const show = getPage("/sites/:siteId/review-requests", "policy:read", (c, { actor }) => {
    const siteId = siteOf(c);
    const zone = zoneOf(siteId);
    const requests = actions.reviewRequests.list(actor, { siteId });
    const held = actions.policy.current(actor, { siteId })?.policy as { groups?: { id: string }[] } | undefined;
    const groups = held?.groups ?? [];
    const scopes = html`<option value="${WHOLE_SITE}">the whole site</option>${groups.map((g) => html`<option>${g.id}</option>`)}`;
    const decide = (r: (typeof requests)[number]) =>
      r.status !== "pending" || !r.mayDecide
        ? r.status === "pending"
          ? "DSL to decide"
          : `${r.status} by ${r.decidedBy ?? "?"} ${when(r.decidedAt, zone)}: ${r.decisionReason ?? ""}${r.until ? ` (until ${when(r.until, zone)})` : ""}`
        : html`<form method="post" action="/sites/${siteId}/review-requests/${r.id}/approve" class="row">${csrfField(c)}
<select name="scope" aria-label="For">${scopes}</select>
<input name="hours" type="number" min="0.1" max="2880" step="0.1" value="2" aria-label="Hours" style="width:5rem">
<input name="reason" required minlength="5" placeholder="Reason" aria-label="Reason"><button>Approve</button></form>
<form method="post" action="/sites/${siteId}/review-requests/${r.id}/refuse" class="row">${csrfField(c)}
<input name="reason" required minlength="5" placeholder="Reason" aria-label="Reason"><button>Refuse</button></form>`;
    return page(
      c,
      `Review requests: ${siteId}`,
      html`<p class="muted">Unblock requests from the block page and reports of names that got through. An approval
allows (or blocks) the name for a group or the whole site until its end, as a policy change; agents pick it up at
their next poll. Sensitive categories are decided by the DSL roles; locked categories cannot be unblocked.</p>
${table(
  ["#", "Asked", "Kind", "Name", "Category", "Reason", "Contact", "Decision"],
  requests.map((r) => [
    r.id,
    when(r.requestedAt, zone),
    r.kind === "unblock" ? "unblock" : "got through",
    r.name,
    `${r.category}${r.sensitive ? " (sensitive)" : ""}: ${SOURCE_TEXT[r.categorySource]}`,
    r.reason,
    r.contact ?? "",
    decide(r),
  ]),
  "No request yet.",
)}
<h2>Report a name that got through</h2>
<form method="post" action="/sites/${siteId}/review-requests" class="row">${csrfField(c)}
<input name="name" required placeholder="Name, e.g. www.example.com" aria-label="Name">
<input name="reason" required placeholder="What it is" aria-label="Reason"><button>Report</button></form>`,
    );
  });

  const gotThrough = postPage(
    "/sites/:siteId/review-requests",
    "incidents:report",
    { form: formSchema({ name: field(), reason: field(), category: field() }), back: queuePage },
    (c, { actor, form }) => {
      const made = actions.reviewRequests.reportGotThrough(actor, {
        ...{ siteId: siteOf(c), name: form.name, reason: form.reason, category: form.category },
      });
      return back(c, queuePage(c), { done: `Reported as request ${made.id}.` });
    },
  );
  const approve = postPage(
    "/sites/:siteId/review-requests/:requestId/approve",
    "policy:read",
    { form: formSchema({ scope: field(), hours: field(), reason: field() }), back: queuePage },
    (c, { actor, form }) => {
      const minutes = Number(form.hours) * 60;
      const done = actions.reviewRequests.approve(actor, {
        ...{ siteId: siteOf(c), requestId: requestOf(c) },
        ...{ scope: form.scope, minutes: Number.isFinite(minutes) ? minutes : -1, reason: form.reason },
      });
      return back(c, queuePage(c), { done: `Approved as policy version ${done.policyVersion}.` });
    },
  );
  const refuse = postPage(
    "/sites/:siteId/review-requests/:requestId/refuse",
    "policy:read",
    { form: formSchema({ reason: field() }), back: queuePage },
    (c, { actor, form }) => {
      actions.reviewRequests.refuse(actor, { siteId: siteOf(c), requestId: requestOf(c), reason: form.reason });
      return back(c, queuePage(c), { done: "Refused." });
    },
  );
  return [show, gotThrough, approve, refuse];
}
