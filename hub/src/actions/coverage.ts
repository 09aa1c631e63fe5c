import type { CategoryCoverage } from "../domain/coverage.ts";
import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { requirePermission, requireSite } from "./access.ts";

/** The gaps the overview warns of: a locked or headline category at a site with no working list. */
export interface CoverageGap {
  site: { id: string; name: string };
  category: CategoryCoverage["category"];
  reason: CategoryCoverage["reason"];
}

/**
 * What each category of a site is filled by, as measured. Read by whoever reads the policy; the
 * overview's warnings also by the board, who are answerable for the gaps. Only list ids and
 * counts leave here, never a list's contents.
 */
export function coverageActions(services: HubServices) {
  const { stores, coverage } = services;
  return {
    site(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "policy:read");
      const siteId = requireSite(actor, input.siteId);
      const site = stores.fleet.site(siteId);
      if (!site) throw new HubError("not-found", `no site "${siteId}"`);
      return { siteId, siteName: site.name, categories: coverage.site(siteId) };
    },

    /** The sites the actor sees and their headline gaps; null when the role is not shown coverage. */
    gaps(actor: Actor): { sites: { id: string; name: string }[]; gaps: CoverageGap[] } | null {
      if (!actorCan(actor, "policy:read") && !actorCan(actor, "reports:aggregate")) return null;
      const sites = stores.fleet
        .sites()
        .filter((site) => actorSeesSite(actor, site.id))
        .map((site) => ({ id: site.id, name: site.name }));
      const gaps = sites.flatMap((site) =>
        coverage
          .site(site.id)
          .filter((c) => c.headline && !c.covered)
          .map((c) => ({ site, category: c.category, reason: c.reason })),
      );
      return { sites, gaps };
    },
  };
}
