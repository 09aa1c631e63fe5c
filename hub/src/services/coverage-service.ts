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

  /**
   * Each site's coverage, its policies and agents read for all the sites at once. A caller that
   * holds the sites' policy documents already (null for a site without one) passes them.
   */
  sites(
    siteIds: readonly string[],
    documents = policyDocuments(this.deps.stores.policies, siteIds),
  ): Map<string, CategoryCoverage[]> {
    const agents = this.deps.stores.fleet.agentsOfSites(siteIds);
    const now = this.deps.now();
    return new Map(
      siteIds.map((siteId) => {
        const policy = (documents.get(siteId) ?? null) as SitePolicy | null;
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

/** A stored policy's document, or null for a site without one. */
export function parsedPolicy(row: { body: string } | undefined): unknown {
  return row ? JSON.parse(row.body) : null;
}

/** The policy documents of `siteIds` (null for a site without one), read together. */
export function policyDocuments(policies: HubStores["policies"], siteIds: readonly string[]): Map<string, unknown> {
  const rows = policies.currentOf(siteIds);
  return new Map(siteIds.map((siteId) => [siteId, parsedPolicy(rows.get(siteId))]));
}
