import { normaliseName } from "@fenceline/shared";
import { CANARIES_PER_CATEGORY_MAX, checkCanarySchema } from "@fenceline/shared/checks";
import type { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { requirePermission, validate } from "./access.ts";
import { requireKnownSite, rowId } from "./directory-access.ts";

export const canaryInput = checkCanarySchema;

/**
 * A site's canaries: its own test names for the locked categories, which no list the hub ships
 * holds. Confidential like the locked lists, so only the DSL roles hold them; the audit names a
 * canary by its category and id, never by its name.
 */
export function checkCanaryActions(services: HubServices) {
  const { stores, audit, settings } = services;
  const siteFor = (actor: Actor, siteId: string) => {
    requirePermission(actor, "checks:canaries");
    return requireKnownSite(stores, actor, siteId);
  };
  const lockedCategory = (id: string) => {
    if (settings.taxonomy.byId.get(id)?.locked !== true)
      throw new HubError("invalid-request", "canaries are for the locked categories only");
    return id;
  };
  /** The name as the lists hold it; a reason (never dotted: single labels are refused) means it is not one. */
  const hostName = (text: string) => {
    const name = normaliseName(text);
    if (!name.includes(".")) throw new HubError("invalid-request", `the canary is not a host name (${name})`);
    return name;
  };

  return {
    canaries(actor: Actor, input: { siteId: string }) {
      return stores.checkCanaries.ofSite(siteFor(actor, input.siteId));
    },

    addCanary(actor: Actor, input: { siteId: string } & z.input<typeof canaryInput>) {
      const { siteId: site, ...fields } = input;
      const siteId = siteFor(actor, site);
      const body = validate(canaryInput, fields);
      const category = lockedCategory(body.category);
      const name = hostName(body.name);
      return stores.transaction(() => {
        if (stores.checkCanaries.countIn(siteId, category) >= CANARIES_PER_CATEGORY_MAX)
          throw new HubError("conflict", `a category holds at most ${CANARIES_PER_CATEGORY_MAX} canaries`);
        const addedAt = services.clock().toISOString();
        const id = stores.checkCanaries.add({ siteId, category, name, addedBy: actorName(actor), addedAt });
        if (id === null) throw new HubError("conflict", "the site has this canary already");
        audit.record(actor, "check-canary.added", `check canary ${id}`, { category }, siteId);
        return stores.checkCanaries.get(id);
      });
    },

    removeCanary(actor: Actor, input: { siteId: string; canaryId: string | number }) {
      const siteId = siteFor(actor, input.siteId);
      const id = rowId(input.canaryId, "canary");
      const found = stores.checkCanaries.get(id);
      if (!found || found.siteId !== siteId) throw new HubError("not-found", `no canary ${id}`);
      stores.checkCanaries.remove(id);
      audit.record(actor, "check-canary.removed", `check canary ${id}`, { category: found.category }, siteId);
    },
  };
}
