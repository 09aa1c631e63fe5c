import { sourceProblems, type Taxonomy } from "@fenceline/shared";
import { policyProblems, sitePolicySchema } from "@fenceline/shared/policy";
import { HubError } from "../hub-error.ts";
import type { HubStore } from "../store/hub-store.ts";

/** Each site's filtering policy, held centrally: every change validated, versioned and logged with its reason. */
export class PolicyService {
  private readonly store: HubStore;
  private readonly taxonomy: Taxonomy;
  private readonly now: () => Date;

  constructor(store: HubStore, taxonomy: Taxonomy, now: () => Date = () => new Date()) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.now = now;
  }

  replace(siteId: string, policy: unknown, reason: string, by: string): { version: number } {
    if (!this.store.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    if (reason.trim().length < 5)
      throw new HubError("invalid-request", "every policy change needs a reason (5 characters or more)");
    const parsed = sitePolicySchema.safeParse(policy);
    if (!parsed.success) {
      throw new HubError(
        "invalid-request",
        "the policy is invalid",
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      );
    }
    const problems = [
      ...policyProblems(parsed.data),
      ...sourceProblems(parsed.data.sources?.add ?? [], this.taxonomy).map((p) => `policy.sources.add: ${p}`),
    ];
    if (problems.length > 0) throw new HubError("invalid-request", "the policy is invalid", problems);
    const version = this.store.replacePolicy(siteId, JSON.stringify(parsed.data), {
      at: this.now().toISOString(),
      by,
      reason: reason.trim(),
    });
    return { version };
  }

  /** The site's policy with its version, or null when the hub holds none (agents keep their own). */
  current(siteId: string): { version: number; policy: unknown } | null {
    const row = this.store.sitePolicy(siteId);
    return row ? { version: row.version, policy: JSON.parse(row.body) } : null;
  }
}
