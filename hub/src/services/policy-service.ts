import { createHash } from "node:crypto";
import { sourceProblems, type Taxonomy } from "@fenceline/shared";
import { policyProblems, type SitePolicy, sitePolicySchema } from "@fenceline/shared/policy";
import { timeZoneOfPolicy } from "../domain/local-time.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { PolicyChange } from "../store/policy-store.ts";

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

/** A change to one group's allow or block list. */
export interface ListEdit {
  group: string;
  list: "allow" | "block";
  add: string[];
  remove: string[];
}

/**
 * Each site's filtering policy, held centrally: validated against the schema and the locked
 * (illegal-content) categories, versioned, kept old → new with who changed it and why.
 */
export class PolicyService {
  private readonly stores: HubStores;
  private readonly taxonomy: Taxonomy;
  private readonly now: () => Date;

  constructor(stores: HubStores, taxonomy: Taxonomy, now: () => Date = () => new Date()) {
    this.stores = stores;
    this.taxonomy = taxonomy;
    this.now = now;
  }

  /** The policy, if it has the policy's shape; its locked and cross-field problems are checked by `problems`. */
  parse(policy: unknown): SitePolicy {
    const parsed = sitePolicySchema.safeParse(policy);
    if (!parsed.success)
      throw new HubError("invalid-request", "the policy is invalid", issueLines(parsed.error.issues));
    return parsed.data;
  }

  /** Settings that would loosen a locked category: nobody may make them. */
  lockedProblems(policy: SitePolicy): string[] {
    return lockedProblems(policy, this.taxonomy);
  }

  /** Everything else wrong with the policy: unknown groups, bad sources. */
  problems(policy: SitePolicy): string[] {
    return [
      ...policyProblems(policy),
      ...sourceProblems(policy.sources?.add ?? [], this.taxonomy).map((p) => `policy.sources.add: ${p}`),
    ];
  }

  /** Stores a checked policy as the site's next version; returns it with the old and new bodies' hashes. */
  save(
    siteId: string,
    policy: SitePolicy,
    by: string,
    reason: string,
  ): { version: number; oldSha256: string | null; newSha256: string | null } {
    const body = JSON.stringify(policy);
    return this.stores.transaction(() => {
      const old = this.stores.policies.current(siteId)?.body ?? null;
      const version = this.stores.policies.replace(siteId, body, { at: this.now().toISOString(), by, reason });
      return { version, oldSha256: sha256(old), newSha256: sha256(body) };
    });
  }

  /** A change-log entry for what the agents apply beyond the policy document (a sanction): no new version. */
  noteChange(siteId: string, by: string, reason: string): void {
    this.stores.policies.note(siteId, { at: this.now().toISOString(), by, reason });
  }

  /** The policy with one group's allow or block list edited (names lower-cased, sorted). */
  withListEdit(current: unknown, edit: ListEdit): SitePolicy {
    const policy = structuredClone(current) as SitePolicy;
    const group = policy.groups.find((g) => g.id === edit.group);
    if (!group) throw new HubError("invalid-request", `no group "${edit.group}" in the site's policy`);
    const names = new Set(group[edit.list]);
    for (const name of edit.remove) names.delete(name.toLowerCase());
    for (const name of edit.add) names.add(name.toLowerCase());
    group[edit.list] = [...names].sort();
    return policy;
  }

  /** The site's policy with its version, or null when the hub holds none (agents keep their own). */
  current(siteId: string): { version: number; policy: unknown } | null {
    const row = this.stores.policies.current(siteId);
    return row ? { version: row.version, policy: JSON.parse(row.body) } : null;
  }

  /** The zone the site's times are shown in: its policy's, else Europe/London. */
  timeZone(siteId: string): string {
    const row = this.stores.policies.current(siteId);
    return timeZoneOfPolicy(row ? JSON.parse(row.body) : null);
  }

  /** The change log: who, when, why, old → new. */
  changes(
    siteId: string,
    limit = 100,
  ): (Omit<PolicyChange, "oldBody" | "newBody"> & {
    old: unknown;
    new: unknown;
  })[] {
    return this.stores.policies.changes(siteId, limit).map(({ oldBody, newBody, ...change }) => ({
      ...change,
      old: oldBody === null ? null : JSON.parse(oldBody),
      new: JSON.parse(newBody),
    }));
  }
}
