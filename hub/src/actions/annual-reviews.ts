import { createHash } from "node:crypto";
import type { z } from "zod";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { type AnnualReview, reviewLocked } from "../store/annual-review-store.ts";
import { requirePermission, requireSite, seesAllSites, validate } from "./access.ts";
import {
  actionInput,
  attachReportInput,
  isReviewYear,
  reviewCreateInput,
  reviewFieldsInput,
} from "./annual-review-input.ts";

type Key = { siteId: string; year: number };

/**
 * The annual review on record, per site and year: the DSL roles create and edit it until it is
 * signed; the DSL signs as the DSL and a board member as the governor; once both have signed it is
 * locked. Open actions of the site's previous record are carried into a new one. All audited.
 */
export function annualReviewActions(services: HubServices) {
  const { stores, audit } = services;
  const reviews = stores.annualReviews;
  const now = () => services.clock().toISOString();

  /** The record, for an actor who may see the site; a site they do not work with does not exist. */
  function find(actor: Actor, key: Key): AnnualReview {
    requireSite(actor, key.siteId);
    const found = isReviewYear(key.year) ? reviews.get(key.siteId, key.year) : undefined;
    if (!found) throw new HubError("not-found", `no annual review for ${key.year} at site "${key.siteId}"`);
    return found;
  }

  /** A record still open to edits: once anyone has signed, what they signed stays as it was. */
  function editable(actor: Actor, key: Key): AnnualReview {
    requirePermission(actor, "reviews:write");
    const review = find(actor, key);
    if (review.dslSignedAt !== null || review.governorSignedAt !== null)
      throw new HubError("conflict", `the ${review.year} review has been signed: it cannot be changed`);
    return review;
  }

  const withActions = (review: AnnualReview) => ({
    ...review,
    locked: reviewLocked(review),
    actions: reviews.actions(review.id),
  });

  function sign(actor: Actor, key: Key, as: "dsl" | "governor") {
    requirePermission(actor, as === "dsl" ? "reviews:sign-dsl" : "reviews:sign-governor");
    const review = find(actor, key);
    if (review.reportId === null || review.meetingOn === null)
      throw new HubError("conflict", "attach the annual review report and give the meeting date before signing");
    return stores.transaction(() => {
      if (!reviews.sign(review.id, as, actorName(actor), now()))
        throw new HubError("conflict", `the ${review.year} review is already signed as ${as}`);
      audit.record(actor, `annual-review.signed-${as}`, `annual review ${review.id}`, key, key.siteId);
      return withActions(reviews.get(key.siteId, key.year) as AnnualReview);
    });
  }

  return {
    /** A site's records, newest year first. */
    list(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "reviews:read");
      requireSite(actor, input.siteId);
      return reviews.ofSite(input.siteId).map((r) => ({ ...r, locked: reviewLocked(r) }));
    },

    /** Every site the actor works with, and its records: where a governor starts. */
    bySite(actor: Actor) {
      requirePermission(actor, "reviews:read");
      return stores.fleet
        .sites()
        .filter((site) => actorSeesSite(actor, site.id))
        .map((site) => ({ siteId: site.id, name: site.name, reviews: reviews.ofSite(site.id) }));
    },

    get(actor: Actor, key: Key) {
      requirePermission(actor, "reviews:read");
      return withActions(find(actor, key));
    },

    /** A new record; the previous record's actions not done are carried into it. */
    create(actor: Actor, input: { siteId: string } & z.input<typeof reviewCreateInput>) {
      requirePermission(actor, "reviews:write");
      const { siteId, ...rest } = input;
      requireSite(actor, siteId);
      if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
      const { year, ...fields } = validate(reviewCreateInput, rest);
      if (reviews.get(siteId, year))
        throw new HubError("conflict", `there is already a ${year} review at site "${siteId}"`);
      const at = now();
      return stores.transaction(() => {
        const id = reviews.insert({ siteId, year, ...fields, createdBy: actorName(actor), at });
        const previous = reviews.latestBefore(siteId, year);
        const carried = previous ? reviews.actions(previous.id).filter((a) => a.status === "open") : [];
        for (const a of carried)
          reviews.addAction({
            reviewId: id,
            what: a.what,
            owner: a.owner,
            dueOn: a.dueOn,
            status: "open",
            carriedFrom: a.id,
            at,
          });
        const detail = { year, carried: carried.map((a) => a.id) };
        audit.record(actor, "annual-review.created", `annual review ${id}`, detail, siteId);
        return withActions(reviews.get(siteId, year) as AnnualReview);
      });
    },

    update(actor: Actor, input: Key & z.input<typeof reviewFieldsInput>) {
      const { siteId, year, ...rest } = input;
      const review = editable(actor, { siteId, year });
      const fields = validate(reviewFieldsInput, rest);
      return stores.transaction(() => {
        reviews.update(review.id, fields, now());
        const detail = { year, meetingOn: fields.meetingOn, attendees: fields.attendees.length };
        audit.record(actor, "annual-review.updated", `annual review ${review.id}`, detail, siteId);
        return withActions(reviews.get(siteId, year) as AnnualReview);
      });
    },

    /** Attaches the archived annual review report over this site, with the SHA-256 of the document stored. */
    attachReport(actor: Actor, input: Key & z.input<typeof attachReportInput>) {
      const { siteId, year, ...rest } = input;
      const review = editable(actor, { siteId, year });
      const { reportId } = validate(attachReportInput, rest);
      const report = services.reports.find(reportId);
      // A pack over several sites is attached only by someone who works with all of them.
      if (report?.kind !== "annual-review" || !report.sites.includes(siteId) || !seesAllSites(actor, report.sites))
        throw new HubError(
          "invalid-request",
          `report ${reportId} is not an annual review report over site "${siteId}"`,
        );
      const sha256 = createHash("sha256").update(JSON.stringify(report.body)).digest("hex");
      return stores.transaction(() => {
        reviews.attachReport(review.id, reportId, sha256, now());
        audit.record(
          actor,
          "annual-review.report-attached",
          `annual review ${review.id}`,
          { reportId, sha256 },
          siteId,
        );
        return withActions(reviews.get(siteId, year) as AnnualReview);
      });
    },

    addAction(actor: Actor, input: Key & z.input<typeof actionInput>) {
      const { siteId, year, ...rest } = input;
      const review = editable(actor, { siteId, year });
      const fields = validate(actionInput, rest);
      return stores.transaction(() => {
        const id = reviews.addAction({ reviewId: review.id, ...fields, carriedFrom: null, at: now() });
        audit.record(actor, "annual-review.action-added", `annual review ${review.id}`, { actionId: id }, siteId);
        return reviews.action(id);
      });
    },

    updateAction(actor: Actor, input: Key & { actionId: number } & z.input<typeof actionInput>) {
      const { siteId, year, actionId, ...rest } = input;
      const review = editable(actor, { siteId, year });
      const found = Number.isSafeInteger(actionId) ? reviews.action(actionId) : undefined;
      if (!found || found.reviewId !== review.id)
        throw new HubError("not-found", `no action ${actionId} in the ${year} review`);
      const fields = validate(actionInput, rest);
      return stores.transaction(() => {
        reviews.updateAction(found.id, fields, now());
        const detail = { actionId: found.id, status: fields.status };
        audit.record(actor, "annual-review.action-updated", `annual review ${review.id}`, detail, siteId);
        return reviews.action(found.id);
      });
    },

    signAsDsl: (actor: Actor, key: Key) => sign(actor, key, "dsl"),
    signAsGovernor: (actor: Actor, key: Key) => sign(actor, key, "governor"),
  };
}
