import { OUTCOMES } from "@fenceline/shared";
import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { type RouteDef, route } from "./route-def.ts";

const eventQuery = z.object({
  site: z.string().max(40).optional(),
  group: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
  client: z.string().max(255).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Paging: the `next` cursor of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** Searching flagged lookups. */
export function eventsRoutes(actions: HubActions): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/events",
      tag: "events",
      summary: "Flagged lookups, newest first, paged; client identities masked without the identity permission",
      access: "events:read",
      query: eventQuery,
      handle: (c, { actor, query }) => c.json(actions.events.search(actor, query)),
    }),
    route({
      method: "GET",
      path: "/api/subject-access",
      tag: "privacy",
      summary: "Subject-access export: everything held about one client identifier; the export is logged",
      access: "subject-access",
      query: z.object({ client: z.string().min(1).max(255) }),
      handle: (c, { actor, query }) => c.json(actions.events.subjectAccess(actor, query)),
    }),
  ];
}
