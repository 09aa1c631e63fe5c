import { z } from "zod";
import type { HubServices } from "../hub-services.ts";
import { type RouteDef, route } from "./route-def.ts";

/** The audit log, read-only, and its integrity check. */
export function auditRoutes(services: HubServices): RouteDef[] {
  return [
    route({
      method: "GET",
      path: "/api/audit",
      tag: "audit",
      summary: "Audit entries after a sequence number, oldest first; filter by action prefix",
      access: "audit:read",
      query: z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
        action: z.string().max(64).optional(),
      }),
      handle: (c, { query }) => c.json({ entries: services.audit.page(query.after, query.limit, query.action) }),
    }),
    route({
      method: "GET",
      path: "/api/audit/verify",
      tag: "audit",
      summary: "Walk the hash chain: whether the audit log is whole and unchanged",
      access: "audit:read",
      handle: (c) => c.json(services.audit.verify()),
    }),
  ];
}
