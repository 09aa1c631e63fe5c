import type { HubActions } from "../actions/index.ts";
import { watchInput } from "../actions/person-watch.ts";
import { sanctionInput } from "../actions/sanctions.ts";
import { noContent, param, type RouteDef, route } from "./route-def.ts";

/** The DSL's side of a person: the watch flag and time-boxed sanctions. */
export function personSafeguardingRoutes(actions: HubActions): RouteDef[] {
  const person = (c: Parameters<typeof param>[0]) => ({
    siteId: param(c, "siteId"),
    personId: Number(param(c, "personId")),
  });
  return [
    route({
      method: "PUT",
      path: "/api/sites/:siteId/people/:personId/watch",
      tag: "people",
      summary: "Put a person on the watch list (or change their watch): a reason and a review date",
      access: "people:safeguard",
      body: watchInput,
      handle: (c, { actor, body }) => c.json(actions.personWatch.set(actor, { ...person(c), ...body })),
    }),
    route({
      method: "DELETE",
      path: "/api/sites/:siteId/people/:personId/watch",
      tag: "people",
      summary: "Take a person off the watch list",
      access: "people:safeguard",
      handle: noContent((c, { actor }) => actions.personWatch.clear(actor, person(c))),
    }),
    route({
      method: "GET",
      path: "/api/sites/:siteId/people/:personId/sanctions",
      tag: "people",
      summary: "A person's sanctions, newest first",
      access: "people:read",
      handle: (c, { actor }) => c.json({ sanctions: actions.sanctions.list(actor, person(c)) }),
    }),
    route({
      method: "POST",
      path: "/api/sites/:siteId/people/:personId/sanctions",
      tag: "people",
      summary:
        "Sanction a person until a time: no internet except the allowed names; recorded in the policy change log and the incident",
      access: "people:safeguard",
      body: sanctionInput,
      handle: (c, { actor, body }) => c.json(actions.sanctions.set(actor, { ...person(c), ...body }), 201),
    }),
    route({
      method: "DELETE",
      path: "/api/sites/:siteId/people/:personId/sanctions/:sanctionId",
      tag: "people",
      summary: "Lift a sanction before its end",
      access: "people:safeguard",
      handle: (c, { actor }) =>
        c.json(actions.sanctions.lift(actor, { ...person(c), sanctionId: Number(param(c, "sanctionId")) })),
    }),
  ];
}
