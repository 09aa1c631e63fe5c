import type { Role } from "./roles.ts";

/**
 * Who may manage whose account: separation of duties. The ICT side may not make itself a
 * safeguarding lead (and so see children's identities), and a user limited to some sites may
 * not reach, or hand out, any other site.
 */

/** The side of the school that administers each role's accounts. */
const ADMINISTERED_BY: Record<Role, Role | null> = {
  // The ICT team runs its own accounts and the board's (which see totals only).
  "ict-admin": "ict-admin",
  board: "ict-admin",
  // Roles that see identities, and the auditor who oversees everyone, are the DSL's to grant:
  // the ICT team can never create, re-role, reset or disable them.
  dsl: "dsl",
  "deputy-dsl": "dsl",
  auditor: "dsl",
  // Who may put concerns into the safeguarding record is the DSL's call.
  staff: "dsl",
};

/** Who manages: a person's role and sites, or the hub itself (the command line on its machine). */
export interface GrantingActor {
  role: Role;
  sites: readonly string[] | null;
  system?: true;
}

/** An account as it is, or as it would be after the change. */
export interface AccountShape {
  role: Role;
  /** null: every site. */
  sites: readonly string[] | null;
}

export type GrantVerdict = { allowed: true } | { allowed: false; reason: string };

/** Whether every site of `target` is one of the actor's: nobody grants a site they do not hold. */
function withinSites(actor: readonly string[] | null, target: readonly string[] | null): boolean {
  if (actor === null) return true;
  if (target === null) return false;
  return target.every((site) => actor.includes(site));
}

/** May `actor` create, re-role, re-site, reset or disable an account shaped like `target`? */
export function mayManageAccount(actor: GrantingActor, target: AccountShape): GrantVerdict {
  // The first DSL is made on the hub's machine: whoever runs the command line may make anyone.
  if (actor.system === true) return { allowed: true };
  if (ADMINISTERED_BY[target.role] !== actor.role)
    return { allowed: false, reason: `the ${actor.role} role may not manage ${target.role} accounts` };
  if (!withinSites(actor.sites, target.sites))
    return {
      allowed: false,
      reason: "you may only manage accounts limited to sites you work with yourself",
    };
  return { allowed: true };
}

/** The roles an actor may give out, for forms that offer only what would be accepted. */
export function grantableRoles(actor: GrantingActor, roles: readonly Role[]): Role[] {
  return roles.filter((role) => actor.system === true || ADMINISTERED_BY[role] === actor.role);
}
