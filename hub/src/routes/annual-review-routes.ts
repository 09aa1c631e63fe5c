import {
  actionInput,
  attachReportInput,
  reviewCreateInput,
  reviewFieldsInput,
} from "../actions/annual-review-input.ts";
import type { HubActions } from "../actions/index.ts";
import { param, type RouteDef, route } from "./route-def.ts";

const BASE = "/api/sites/:siteId/annual-reviews";

/** The annual review on record: a site's record per year, its actions, and the two sign-offs. */
export function annualReviewRoutes(actions: HubActions): RouteDef[] {
  const reviews = actions.annualReviews;
  const key = (c: Parameters<typeof param>[0]) => ({ siteId: param(c, "siteId"), year: Number(param(c, "year")) });
  return [
    route({
      method: "GET",
      path: BASE,
      tag: "annual-reviews",
      summary: "A site's annual review records, newest year first",
      access: "reviews:read",
      handle: (c, { actor }) => c.json({ reviews: reviews.list(actor, { siteId: param(c, "siteId") }) }),
    }),
    route({
      method: "POST",
      path: BASE,
      tag: "annual-reviews",
      summary: "Record a year's annual review; actions not done in the previous record are carried into it",
      access: "reviews:write",
      body: reviewCreateInput,
      handle: (c, { actor, body }) => c.json(reviews.create(actor, { siteId: param(c, "siteId"), ...body }), 201),
    }),
    route({
      method: "GET",
      path: `${BASE}/:year`,
      tag: "annual-reviews",
      summary: "A year's annual review record with its actions and sign-offs",
      access: "reviews:read",
      handle: (c, { actor }) => c.json(reviews.get(actor, key(c))),
    }),
    route({
      method: "PUT",
      path: `${BASE}/:year`,
      tag: "annual-reviews",
      summary: "Edit the meeting date, attendees and decisions (refused once signed)",
      access: "reviews:write",
      body: reviewFieldsInput,
      handle: (c, { actor, body }) => c.json(reviews.update(actor, { ...key(c), ...body })),
    }),
    route({
      method: "PUT",
      path: `${BASE}/:year/report`,
      tag: "annual-reviews",
      summary: "Attach the archived annual review report the meeting reviewed; its SHA-256 is recorded",
      access: "reviews:write",
      body: attachReportInput,
      handle: (c, { actor, body }) => c.json(reviews.attachReport(actor, { ...key(c), ...body })),
    }),
    route({
      method: "POST",
      path: `${BASE}/:year/actions`,
      tag: "annual-reviews",
      summary: "Add an action: what, its owner, a due date",
      access: "reviews:write",
      body: actionInput,
      handle: (c, { actor, body }) => c.json(reviews.addAction(actor, { ...key(c), ...body }), 201),
    }),
    route({
      method: "PUT",
      path: `${BASE}/:year/actions/:actionId`,
      tag: "annual-reviews",
      summary: "Edit an action or mark it done (refused once signed)",
      access: "reviews:write",
      body: actionInput,
      handle: (c, { actor, body }) =>
        c.json(reviews.updateAction(actor, { ...key(c), actionId: Number(param(c, "actionId")), ...body })),
    }),
    route({
      method: "POST",
      path: `${BASE}/:year/sign-dsl`,
      tag: "annual-reviews",
      summary: "Sign the record as the DSL",
      access: "reviews:sign-dsl",
      handle: (c, { actor }) => c.json(reviews.signAsDsl(actor, key(c))),
    }),
    route({
      method: "POST",
      path: `${BASE}/:year/sign-governor`,
      tag: "annual-reviews",
      summary: "Sign the record as the responsible governor (a board member)",
      access: "reviews:sign-governor",
      handle: (c, { actor }) => c.json(reviews.signAsGovernor(actor, key(c))),
    }),
  ];
}
