import { z } from "zod";
import type { HubActions } from "../actions/index.ts";
import { type RouteDef, route } from "./route-def.ts";

/** The audit log, read-only, and its integrity check. */
export function auditRoutes(actions: HubActions): RouteDef[] {
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
      handle: (c, { actor, query }) => c.json({ entries: actions.audit.page(actor, query) }),
    }),
    route({
      method: "GET",
      path: "/api/audit/verify",
      tag: "audit",
      summary: "Walk the hash chain: whether the audit log is whole and unchanged",
      access: "audit:read",
      handle: (c, { actor }) => c.json(actions.audit.verify(actor)),
    }),
  ];
}
