import { createHash } from "node:crypto";
import { sourceProblems, type Taxonomy } from "@fenceline/shared";
import { policyProblems, type SitePolicy, sitePolicySchema } from "@fenceline/shared/policy";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { PolicyChange } from "../store/policy-store.ts";
import { type AuditService, actorName } from "./audit-service.ts";

const sha256 = (text: string | null) => (text === null ? null : createHash("sha256").update(text).digest("hex"));

/** Settings that would loosen a locked (illegal-content) category; nobody may make them. */
export function lockedProblems(policy: SitePolicy, taxonomy: Taxonomy): string[] {
  const problems: string[] = [];
  const check = (at: string, actions: Record<string, string>) => {
    for (const [id, action] of Object.entries(actions))
      if (taxonomy.byId.get(id)?.locked && action !== "block")
        problems.push(`${at}: "${id}" is a locked category; it is blocked for everyone and cannot be set to ${action}`);
  };
  policy.groups.forEach((group, g) => {
    check(`groups[${g}].categories`, group.categories);
    group.windows.forEach((window, w) => {
      check(`groups[${g}].windows[${w}].categories`, window.categories);
    });
  });
  for (const source of policy.sources?.add ?? [])
    for (const id of source.allows ?? [])
      if (taxonomy.byId.get(id)?.locked) problems.push(`sources.add (${source.id}): may not allow locked "${id}"`);
  return problems;
}

/**
 * Each site's filtering policy, held centrally: only the web-filtering-management permission
 * changes it, every change needs a reason and is versioned, kept old → new, and anchored in the
 * audit chain; locked categories cannot be loosened by anyone, and attempts are logged.
 */
export class PolicyService {
  private readonly stores: HubStores;
  private readonly taxonomy: Taxonomy;
  private readonly audit: AuditService;
  private readonly now: () => Date;

  constructor(stores: HubStores, taxonomy: Taxonomy, audit: AuditService, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.taxonomy = taxonomy;
    this.audit = audit;
    this.now = now;
  }

  replace(actor: Actor, siteId: string, policy: unknown, reason: string): { version: number } {
    if (!this.stores.fleet.site(siteId) || !actorSeesSite(actor, siteId))
      throw new HubError("not-found", `no site "${siteId}"`);
    if (reason.trim().length < 5)
      throw new HubError("invalid-request", "every policy change needs a reason (5 characters or more)");
    const parsed = sitePolicySchema.safeParse(policy);
    if (!parsed.success) {
      throw new HubError("invalid-request", "the policy is invalid", issueLines(parsed.error.issues));
    }
    const locked = lockedProblems(parsed.data, this.taxonomy);
    if (locked.length > 0) {
      this.audit.record(actor, "policy.locked-change-refused", siteId, { reason, problems: locked });
      throw new HubError("forbidden", "locked categories cannot be changed by anyone", locked);
    }
    const problems = [
      ...policyProblems(parsed.data),
      ...sourceProblems(parsed.data.sources?.add ?? [], this.taxonomy).map((p) => `policy.sources.add: ${p}`),
    ];
    if (problems.length > 0) throw new HubError("invalid-request", "the policy is invalid", problems);
    const body = JSON.stringify(parsed.data);
    return this.stores.transaction(() => {
      const old = this.stores.policies.current(siteId)?.body ?? null;
      const version = this.stores.policies.replace(siteId, body, {
        at: this.now().toISOString(),
        by: actorName(actor),
        reason: reason.trim(),
      });
      this.audit.record(actor, "policy.changed", siteId, {
        version,
        reason: reason.trim(),
        oldSha256: sha256(old),
        newSha256: sha256(body),
      });
      return { version };
    });
  }

  /**
   * Adds names to, or removes them from, one group's allow or block list: the everyday edit,
   * made through `replace` so it is validated, versioned and logged the same way.
   */
  editList(
    actor: Actor,
    siteId: string,
    edit: { group: string; list: "allow" | "block"; add: string[]; remove: string[]; reason: string },
  ): { version: number } {
    const current = this.current(siteId);
    if (!current) throw new HubError("conflict", "the hub holds no policy for this site yet; set one first");
    const policy = structuredClone(current.policy) as SitePolicy;
    const group = policy.groups.find((g) => g.id === edit.group);
    if (!group) throw new HubError("invalid-request", `no group "${edit.group}" in the site's policy`);
    const names = new Set(group[edit.list]);
    for (const name of edit.remove) names.delete(name.toLowerCase());
    for (const name of edit.add) names.add(name.toLowerCase());
    group[edit.list] = [...names].sort();
    return this.replace(actor, siteId, policy, edit.reason);
  }

  /** The site's policy with its version, or null when the hub holds none (agents keep their own). */
  current(siteId: string): { version: number; policy: unknown } | null {
    const row = this.stores.policies.current(siteId);
    return row ? { version: row.version, policy: JSON.parse(row.body) } : null;
  }

  /** The change log: who, when, why, old → new. */
  changes(
    actor: Actor,
    siteId: string,
    limit = 100,
  ): (Omit<PolicyChange, "oldBody" | "newBody"> & {
    old: unknown;
    new: unknown;
  })[] {
    if (!this.stores.fleet.site(siteId) || !actorSeesSite(actor, siteId))
      throw new HubError("not-found", `no site "${siteId}"`);
    return this.stores.policies.changes(siteId, limit).map(({ oldBody, newBody, ...change }) => ({
      ...change,
      old: oldBody === null ? null : JSON.parse(oldBody),
      new: JSON.parse(newBody),
    }));
  }
}
