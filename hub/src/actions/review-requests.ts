import { z } from "zod";
import { lockedLabel, seesLockedNames } from "../domain/locked-names.ts";
import { deciderPermission, SENSITIVE_CATEGORIES } from "../domain/review-categories.ts";
import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { checkRequestCategory } from "../services/review-category-check.ts";
import { SharedRateLimiter } from "../services/shared-login-limits.ts";
import type { ReviewRequest } from "../store/review-request-store.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/, "a host name")
  .transform((name) => name.replace(/\.$/, ""));
const category = z.string().trim().max(40).default("");
const reason = z.string().trim().min(1).max(2000);

/** What the block page's form sends: the name and category come prefilled from the link. */
export const formRequestInput = z.strictObject({
  siteId: z.string().min(1).max(64),
  name: hostName,
  category,
  reason,
  contact: z.string().trim().max(200).default(""),
});

/** "This got through": a signed-in user's report of a name that should be blocked. */
export const gotThroughInput = z.strictObject({ name: hostName, category, reason });

/** The longest window an approval may open: a term's worth. */
const MAX_MINUTES = 120 * 24 * 60;

export const approveInput = z.strictObject({
  /** A group id of the site's policy, or "site" for every group. */
  scope: z.string().min(1).max(40),
  /** How long the allow (or block) lasts, from now; fractions allowed (0.25 is 15 seconds). */
  minutes: z.number().positive().max(MAX_MINUTES),
  reason: z.string().trim().min(5).max(1000),
});
export const refuseInput = z.strictObject({ reason: z.string().trim().min(5).max(1000) });

/** Anonymous requests a client address may send an hour. */
export const REVIEW_REQUESTS_PER_HOUR = 5;
const FORM = "review form (anonymous)";
const CANNOT_UNBLOCK =
  "this site is in a category of illegal content: it is blocked for everyone and cannot be unblocked";

/**
 * A request as its reporter sees it: what they sent, its status and the decision's reason; not the
 * category the lists gave (it could tell a locked-list name), nor who decided.
 */
const reporterView = (request: ReviewRequest) => {
  const { id, siteId, kind, name, reason, requestedAt, status, decidedAt, decisionReason, until } = request;
  return { id, siteId, kind, name, reason, requestedAt, status, decidedAt, decisionReason, until };
};

/**
 * Unblock requests from the block page (no sign-in; locked categories refused; limited per
 * address), "got through" reports from signed-in users, and the queue where ICT, or the DSL roles
 * for sensitive categories, approve or refuse them with a reason.
 */
export function reviewRequestActions(services: HubServices) {
  const { stores, audit, reviewRequests, privacy, settings } = services;
  // Counted in the database: every hub process on it holds an address to the same hourly limit.
  const limit = new SharedRateLimiter(
    stores.signIns,
    "review-request",
    REVIEW_REQUESTS_PER_HOUR,
    60 * 60_000,
    Date.now,
  );
  const categoryOf = (siteId: string, name: string, given: string) =>
    checkRequestCategory(stores.eventQueries, settings.taxonomy, { siteId, name, given });
  /** A got-through report of a locked-list name: its name stays with the DSL roles, like every locked match. */
  const shownName = (actor: Actor, request: ReviewRequest) => {
    const locked = request.filterCategories.filter((id) => settings.taxonomy.byId.get(id)?.locked);
    return locked.length > 0 && !seesLockedNames(actor) ? lockedLabel(locked, settings.taxonomy) : request.name;
  };
  const atSite = (actor: Actor, siteId: string, requestId: number): ReviewRequest => {
    requireSite(actor, siteId);
    const found = Number.isSafeInteger(requestId) ? reviewRequests.get(requestId) : undefined;
    if (!found || found.siteId !== siteId) throw new HubError("not-found", `no review request ${requestId}`);
    return found;
  };
  const mayDecide = (actor: Actor, request: ReviewRequest) => actorCan(actor, deciderPermission(request.category));
  const requireDecider = (actor: Actor, request: ReviewRequest) => {
    const needed = deciderPermission(request.category);
    if (!actorCan(actor, needed))
      throw new HubError(
        "forbidden",
        `a request in "${request.category}" needs the "${needed}" permission to decide, which the ${actor.role} role lacks`,
      );
  };

  return {
    /** What the form needs to know: whether it is open at the site and whether the category is locked. */
    formState(siteId: string, categoryId: string) {
      const found = settings.taxonomy.byId.get(categoryId);
      return { open: stores.fleet.site(siteId) !== undefined, locked: found?.locked === true, category: found ?? null };
    },

    /** The block page's form: refused for locked categories, limited per client address. */
    requestFromForm(input: z.input<typeof formRequestInput> & { clientAddress: string }) {
      const { clientAddress, ...fields } = input;
      const body = validate(formRequestInput, fields);
      if (!stores.fleet.site(body.siteId)) throw new HubError("not-found", `no site "${body.siteId}"`);
      if (settings.taxonomy.byId.get(body.category)?.locked) throw new HubError("forbidden", CANNOT_UNBLOCK);
      // Before the look-up of the name's matches: the form must not become a way to test names against the lists.
      if (!limit.allow(clientAddress))
        throw new HubError("rate-limited", "too many requests from here; try again later", { retryAfterSeconds: 3600 });
      const { locked, ...checked } = categoryOf(body.siteId, body.name, body.category);
      if (locked) throw new HubError("forbidden", CANNOT_UNBLOCK);
      const request = reviewRequests.submit({
        ...{ siteId: body.siteId, kind: "unblock", name: body.name, ...checked },
        ...{ reason: body.reason, contact: body.contact || null, requestedBy: null },
        fromAddress: privacy.pseudonym(clientAddress),
      });
      audit.record(FORM, "review-request.made", `review request ${request.id}`, { kind: "unblock" }, body.siteId);
      return { id: request.id, status: request.status };
    },

    /** A signed-in user's report of a name that got through and should be blocked. */
    reportGotThrough(actor: Actor, input: { siteId: string } & z.input<typeof gotThroughInput>) {
      requirePermission(actor, "incidents:report");
      const { siteId, ...fields } = input;
      requireSite(actor, siteId);
      if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
      const body = validate(gotThroughInput, fields);
      const { locked: _locked, ...checked } = categoryOf(siteId, body.name, body.category);
      const request = reviewRequests.submit({
        ...{ siteId, kind: "block", name: body.name, ...checked },
        ...{ reason: body.reason, contact: null, requestedBy: actorName(actor), fromAddress: null },
      });
      audit.record(actor, "review-request.made", `review request ${request.id}`, { kind: "block" }, siteId);
      return reporterView(request);
    },

    /**
     * The requests this user made, at the sites they may see: the status and the decision's reason,
     * not who decided nor anyone else's requests.
     */
    mine(actor: Actor) {
      requirePermission(actor, "incidents:report");
      return stores.reviewRequests
        .byRequester(actorName(actor), 200)
        .filter((request) => actorSeesSite(actor, request.siteId))
        .map(reporterView);
    },

    /** The site's requests, newest first, each saying whether this actor may decide it; for policy:read holders. */
    list(actor: Actor, input: { siteId: string; status?: string }) {
      requirePermission(actor, "policy:read");
      requireSite(actor, input.siteId);
      const status = z
        .enum(["pending", "approved", "refused"])
        .optional()
        .safeParse(input.status || undefined);
      if (!status.success) throw new HubError("invalid-request", "status: pending, approved or refused");
      return stores.reviewRequests.ofSite(input.siteId, status.data ?? null, 500).map((request) => ({
        ...request,
        name: shownName(actor, request),
        sensitive: SENSITIVE_CATEGORIES.has(request.category),
        mayDecide: mayDecide(actor, request),
      }));
    },

    approve(actor: Actor, input: { siteId: string; requestId: number } & z.input<typeof approveInput>) {
      const { siteId, requestId, ...fields } = input;
      const request = atSite(actor, siteId, requestId);
      requireDecider(actor, request);
      const body = validate(approveInput, fields);
      const until = new Date(services.clock().getTime() + body.minutes * 60_000).toISOString();
      return stores.transaction(() => {
        const decided = reviewRequests.approve(
          request.id,
          { scope: body.scope, until, reason: body.reason },
          actorName(actor),
        );
        const detail = { scope: body.scope, until, policyVersion: decided.policyVersion };
        audit.record(actor, "review-request.approved", `review request ${request.id}`, detail, siteId);
        return decided;
      });
    },

    refuse(actor: Actor, input: { siteId: string; requestId: number } & z.input<typeof refuseInput>) {
      const { siteId, requestId, ...fields } = input;
      const request = atSite(actor, siteId, requestId);
      requireDecider(actor, request);
      const body = validate(refuseInput, fields);
      return stores.transaction(() => {
        const decided = reviewRequests.refuse(request.id, body.reason, actorName(actor));
        audit.record(actor, "review-request.refused", `review request ${request.id}`, {}, siteId);
        return decided;
      });
    },
  };
}
