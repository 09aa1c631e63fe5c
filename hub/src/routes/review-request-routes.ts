import type { HubActions } from "../actions/index.ts";
import { approveInput, gotThroughInput, refuseInput } from "../actions/review-requests.ts";
import { param, type RouteDef, route } from "./route-def.ts";

/** The review queue: "got through" reports, and approving or refusing requests. */
export function reviewRequestRoutes(actions: HubActions): RouteDef[] {
  const request = (c: Parameters<typeof param>[0]) => ({
    siteId: param(c, "siteId"),
    requestId: Number(param(c, "requestId")),
  });
  return [
    route({
      method: "GET",
      path: "/api/sites/:siteId/review-requests",
      tag: "policy",
      summary: 'The site\'s unblock and "got through" requests, newest first (?status=pending|approved|refused)',
      access: "policy:read",
      handle: (c, { actor }) =>
        c.json({
          requests: actions.reviewRequests.list(actor, { siteId: param(c, "siteId"), status: c.req.query("status") }),
        }),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/review-requests",
      tag: "policy",
      summary: "Report a name that got through and should be blocked",
      access: "incidents:report",
      body: gotThroughInput,
      handle: (c, { actor, body }) =>
        c.json(actions.reviewRequests.reportGotThrough(actor, { siteId: param(c, "siteId"), ...body }), 201),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/review-requests/:requestId/approve",
      tag: "policy",
      summary:
        "Approve a request: allow (or block) the name for a group or the whole site for some minutes, as a policy change",
      access: "policy:read",
      body: approveInput,
      handle: (c, { actor, body }) => c.json(actions.reviewRequests.approve(actor, { ...request(c), ...body })),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/review-requests/:requestId/refuse",
      tag: "policy",
      summary: "Refuse a request, with a reason",
      access: "policy:read",
      body: refuseInput,
      handle: (c, { actor, body }) => c.json(actions.reviewRequests.refuse(actor, { ...request(c), ...body })),
    }),
  ];
}
