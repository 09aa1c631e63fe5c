import type { Heartbeat, ListSource, Taxonomy } from "@fenceline/shared";
import type { SitePolicy } from "@fenceline/shared/policy";
import { type CategoryCoverage, type LoadedList, siteCoverage } from "../domain/coverage.ts";
import type { AgentSummary } from "../store/fleet-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { DepsService } from "./store-service.ts";

export interface CoverageServiceDeps {
  stores: Pick<HubStores, "fleet" | "policies">;
  taxonomy: Taxonomy;
  /** The shipped list sources (`blocklists/sources.yaml`). */
  sources: readonly ListSource[];
  now?: () => Date;
}

/**
 * What each category of a site is filled by, as measured: the hub's policy for the site (its
 * source set, its groups) against the lists its agents last said they loaded.
 */
export class CoverageService extends DepsService<CoverageServiceDeps> {
  site(siteId: string): CategoryCoverage[] {
    return this.sites([siteId]).get(siteId) as CategoryCoverage[];
  }

  /** Each site's coverage, its policies and agents read for all the sites at once. */
  sites(siteIds: readonly string[]): Map<string, CategoryCoverage[]> {
    const policies = this.deps.stores.policies.currentOf(siteIds);
    const agents = this.deps.stores.fleet.agentsOfSites(siteIds);
    const now = this.deps.now();
    return new Map(
      siteIds.map((siteId) => {
        const row = policies.get(siteId);
        const policy = row ? (JSON.parse(row.body) as SitePolicy) : null;
        const loaded = bestLoaded(agents.get(siteId) ?? []);
        return [
          siteId,
          siteCoverage({ taxonomy: this.deps.taxonomy, manifest: this.deps.sources, policy, loaded, now }),
        ];
      }),
    );
  }
}

/** Lists a site's live agents report, each at its best: the most entries any agent holds. */
function bestLoaded(agents: readonly AgentSummary[]): LoadedList[] {
  const best = new Map<string, LoadedList>();
  for (const agent of agents) {
    if (agent.revokedAt || !agent.lastHeartbeat) continue;
    const beat = JSON.parse(agent.lastHeartbeat) as Partial<Heartbeat>;
    const at = beat.listsUpdate?.ok ? beat.listsUpdate.at : (beat.lists?.builtAt ?? null);
    for (const list of beat.lists?.lists ?? []) {
      const seen = best.get(list.id);
      if (!seen || list.entries > seen.entries) best.set(list.id, { ...list, at });
    }
  }
  return [...best.values()];
}
