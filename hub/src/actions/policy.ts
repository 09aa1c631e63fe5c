import { directoryGroupRuleSchema, type SitePolicy } from "@fenceline/shared/policy";
import { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

export const replacePolicyInput = z.strictObject({ policy: z.unknown(), reason: z.string() });
export const listEditInput = z.strictObject({
  group: z.string().min(1).max(40),
  list: z.enum(["allow", "block"]),
  add: z.array(z.string().min(1).max(253)).max(1000).default([]),
  remove: z.array(z.string().min(1).max(253)).max(1000).default([]),
  reason: z.string(),
});

export type PolicyGroup = SitePolicy["groups"][number];

export const directoryGroupRulesInput = z.array(directoryGroupRuleSchema).max(500);

/**
 * Each site's filtering policy: only the web-filtering-management permission changes it, every
 * change needs a reason and is anchored in the audit chain; locked categories cannot be loosened
 * by anyone, and attempts are logged.
 */
export function policyActions(services: HubServices) {
  const { stores, policies, audit } = services;
  const existingSite = (actor: Actor, siteId: string) => {
    requireSite(actor, siteId);
    if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    return siteId;
  };
  const heldPolicy = (siteId: string, missing: () => HubError) => {
    const current = policies.current(siteId);
    if (!current) throw missing();
    return current;
  };

  const replace = (actor: Actor, input: { siteId: string } & z.input<typeof replacePolicyInput>) => {
    requirePermission(actor, "policy:manage");
    const siteId = existingSite(actor, input.siteId);
    const { policy, reason } = validate(replacePolicyInput, { policy: input.policy, reason: input.reason });
    const why = reason.trim();
    if (why.length < 5)
      throw new HubError("invalid-request", "every policy change needs a reason (5 characters or more)");
    const parsed = policies.parse(policy);
    const locked = policies.lockedProblems(parsed);
    if (locked.length > 0) {
      audit.record(actor, "policy.locked-change-refused", siteId, { reason, problems: locked }, siteId);
      throw new HubError("forbidden", "locked categories cannot be changed by anyone", locked);
    }
    const problems = policies.problems(parsed);
    if (problems.length > 0) throw new HubError("invalid-request", "the policy is invalid", problems);
    return stores.transaction(() => {
      const { version, oldSha256, newSha256 } = policies.save(siteId, parsed, actorName(actor), why);
      audit.record(actor, "policy.changed", siteId, { version, reason: why, oldSha256, newSha256 }, siteId);
      return { version };
    });
  };

  return {
    /** The site's policy and its version, or null while the hub holds none. */
    current(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "policy:read");
      return policies.current(requireSite(actor, input.siteId));
    },

    changes(actor: Actor, input: { siteId: string }) {
      requirePermission(actor, "policy:read");
      return policies.changes(existingSite(actor, input.siteId));
    },

    replace,

    /** The everyday edit, made through `replace` so it is validated, versioned and logged the same way. */
    editList(actor: Actor, input: { siteId: string } & z.input<typeof listEditInput>) {
      requirePermission(actor, "policy:manage");
      const { siteId: asked, ...fields } = input;
      const siteId = requireSite(actor, asked);
      const { reason, ...edit } = validate(listEditInput, fields);
      const current = heldPolicy(
        siteId,
        () => new HubError("conflict", "the hub holds no policy for this site yet; set one first"),
      );
      return replace(actor, { siteId, policy: policies.withListEdit(current.policy, edit), reason });
    },

    /** One group of the site's policy, to edit as a form. */
    group(actor: Actor, input: { siteId: string; groupId: string }): PolicyGroup {
      requirePermission(actor, "policy:manage");
      const siteId = requireSite(actor, input.siteId);
      const group = heldGroups(siteId).find((g) => g.id === input.groupId);
      if (!group) throw new HubError("not-found", `no group "${input.groupId}"`);
      return group;
    },

    /**
     * Replaces the ordered directory group → policy group rules (the first that applies wins),
     * through `replace`, so the change is checked (each group must exist), versioned and logged.
     */
    setDirectoryGroups(actor: Actor, input: { siteId: string; rules: unknown; reason: string }) {
      requirePermission(actor, "policy:manage");
      const siteId = requireSite(actor, input.siteId);
      const rules = validate(directoryGroupRulesInput, input.rules, "the directory group rules");
      const policy = structuredClone(heldPolicy(siteId, noPolicy).policy) as SitePolicy;
      policy.directoryGroups = rules;
      return replace(actor, { siteId, policy, reason: input.reason });
    },

    /** Replaces one group of the site's policy, through `replace`. */
    saveGroup(actor: Actor, input: { siteId: string; group: PolicyGroup; reason: string }) {
      requirePermission(actor, "policy:manage");
      const siteId = requireSite(actor, input.siteId);
      const groups = heldGroups(siteId);
      const at = groups.findIndex((g) => g.id === input.group.id);
      if (at < 0) throw new HubError("not-found", `no group "${input.group.id}"`);
      const policy = structuredClone(heldPolicy(siteId, noPolicy).policy) as SitePolicy;
      policy.groups[at] = input.group;
      return replace(actor, { siteId, policy, reason: input.reason });
    },
  };

  function heldGroups(siteId: string): PolicyGroup[] {
    return (structuredClone(heldPolicy(siteId, noPolicy).policy) as SitePolicy).groups;
  }
}

const noPolicy = () =>
  new HubError("not-found", "the hub holds no policy for this site yet: save one on the policy page first");
