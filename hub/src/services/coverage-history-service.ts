import { formatLocalDate, timeZoneOfPolicy } from "../domain/local-time.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { CoverageService } from "./coverage-service.ts";
import { DepsService } from "./store-service.ts";

export interface CoverageHistoryServiceDeps {
  stores: Pick<HubStores, "fleet" | "policies" | "coverageHistory">;
  coverage: Pick<CoverageService, "site">;
  now?: () => Date;
}

/**
 * Records each site's coverage once a day (its local day), from the hub's sweep: the measured
 * coverage of every category, so the board can see how many days of a quarter each was covered,
 * not only how it stands the day the report is made. A day recorded already is skipped.
 */
export class CoverageHistoryService extends DepsService<CoverageHistoryServiceDeps> {
  /** Records today's coverage of each site not recorded yet today; returns how many sites were. */
  recordToday(): number {
    const { stores, coverage } = this.deps;
    const now = this.deps.now();
    let recorded = 0;
    for (const site of stores.fleet.sites()) {
      const held = stores.policies.current(site.id);
      const zone = timeZoneOfPolicy(held ? JSON.parse(held.body) : null);
      const day = formatLocalDate(now.toISOString(), zone);
      if (stores.coverageHistory.hasDay(site.id, day)) continue;
      const measured = coverage
        .site(site.id)
        .map((c) => ({ category: c.category.id, covered: c.covered, entries: c.entries }));
      stores.coverageHistory.record(site.id, day, measured, now.toISOString());
      recorded++;
    }
    return recorded;
  }
}
