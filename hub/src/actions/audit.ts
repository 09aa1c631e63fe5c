import { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, validate } from "./access.ts";

export const auditPageInput = z.strictObject({
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Only actions starting with this. */
  action: z.string().max(64).optional(),
});

/** The audit log, read-only, and its integrity check. */
export function auditActions(services: HubServices) {
  const { audit } = services;
  return {
    /**
     * Entries after a sequence number, oldest first. A reader limited to some sites sees only
     * entries concerning them; entries with no site (hub-wide acts) only an all-sites reader sees.
     */
    page(actor: Actor, input: z.input<typeof auditPageInput> = {}) {
      requirePermission(actor, "audit:read");
      const { after, limit, action } = validate(auditPageInput, input);
      return audit.page(after, limit, action, actor.sites);
    },

    /**
     * A signed-in user refused at the door for lacking a permission: recorded, so an attempt to
     * reach what the role does not hold (making accounts, reading incidents) leaves a trace.
     */
    refused(actor: Actor, input: { permission: string; method: string; path: string }): void {
      audit.record(actor, "access.refused", input.path.slice(0, 200), {
        permission: input.permission,
        method: input.method,
      });
    },

    /** Walks the hash chain: whether the log is whole and unchanged. */
    verify(actor: Actor) {
      requirePermission(actor, "audit:read");
      return audit.verify();
    },
  };
}
