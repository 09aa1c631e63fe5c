import { z } from "zod";
import { type AccountShape, grantableRoles, mayManageAccount } from "../domain/account-grants.ts";
import { type Actor, actorSeesSite, ROLES } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import type { PublicUser } from "../services/user-service.ts";
import { requirePermission, validate } from "./access.ts";

const sites = z.array(z.string().min(1).max(40)).max(500).nullable().default(null);
export const newUserInput = z.strictObject({
  email: z.string().min(3).max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  sites,
  /** Given (tests, a first administrator who chose one): that password; absent: a random one, returned once. */
  password: z.string().min(1).max(256).optional(),
});
export const roleChangeInput = z.strictObject({ role: z.enum(ROLES), sites });

type Attempt = "create" | "set-role" | "disable" | "reset-password";

/** The one site an account is limited to, for the audit entry's site; otherwise none (all-sites auditors only). */
const siteOf = (shape: { sites: readonly string[] | null }) => (shape.sites?.length === 1 ? shape.sites[0] : null);

/**
 * Accounts and roles: users:manage, and then only the accounts domain/account-grants.ts gives the
 * actor (the ICT side its own and the board's, the DSL the safeguarding side, within their own
 * sites; the command line anyone). Every act and every refusal is audited.
 */
export function userActions(services: HubServices) {
  const { users, audit } = services;

  /** Refuses, and audits the refusal, unless the actor may manage an account shaped like each of `shapes`. */
  const requireGrant = (actor: Actor, attempt: Attempt, email: string, shapes: AccountShape[]) => {
    for (const shape of shapes) {
      const verdict = mayManageAccount(actor, shape);
      if (!verdict.allowed) {
        audit.record(
          actor,
          "user.change-refused",
          email,
          { attempt, reason: verdict.reason, role: shape.role, sites: shape.sites },
          siteOf(shape),
        );
        throw new HubError("forbidden", verdict.reason);
      }
    }
  };

  /** Nobody changes, disables or resets their own account from here; refused and audited. */
  const refuseSelf = (actor: Actor, attempt: Attempt, user: PublicUser) => {
    if (user.id !== actor.userId) return;
    const reason = "nobody may change their own role, sites, account or password here; ask another administrator";
    audit.record(actor, "user.change-refused", user.email, { attempt, reason }, siteOf(user));
    throw new HubError("forbidden", reason);
  };

  /** The account named by id or email, once, so the act and its audit entry concern the same one. */
  const target = (actor: Actor, attempt: Attempt, idOrEmail: string) => {
    const user = users.resolve(idOrEmail);
    refuseSelf(actor, attempt, user);
    requireGrant(actor, attempt, user.email, [user]);
    return user;
  };

  return {
    /** Whether any account exists yet: at the first start there is none, and the command line makes the first. */
    anyExist(): boolean {
      return users.count() > 0;
    },

    /** The accounts within the actor's sites (a site-limited administrator sees no other site's staff). */
    list(actor: Actor) {
      requirePermission(actor, "users:manage");
      const all = users.list();
      if (actor.sites === null) return all;
      return all.filter((u) => u.sites?.every((site) => actorSeesSite(actor, site)) === true);
    },

    /** The roles the actor may give out, for the forms. */
    grantableRoles(actor: Actor) {
      return grantableRoles(actor, ROLES);
    },

    /** A new account; its first password is returned once. */
    async create(actor: Actor, input: z.input<typeof newUserInput>) {
      requirePermission(actor, "users:manage");
      const valid = validate(newUserInput, input);
      requireGrant(actor, "create", valid.email, [valid]);
      const created = await users.create(valid);
      const { role, sites: granted } = created.user;
      audit.record(actor, "user.created", created.user.email, { role, sites: granted }, siteOf(created.user));
      return created;
    },

    /** A new role and sites: the actor must be able to manage the account both as it is and as it would be. */
    setRole(actor: Actor, input: { userId: string } & z.input<typeof roleChangeInput>) {
      requirePermission(actor, "users:manage");
      const { role, sites } = validate(roleChangeInput, { role: input.role, sites: input.sites });
      const before = target(actor, "set-role", input.userId);
      requireGrant(actor, "set-role", before.email, [{ role, sites }]);
      const after = users.setRole(before.id, role, sites);
      audit.record(
        actor,
        "user.role-changed",
        after.email,
        { old: { role: before.role, sites: before.sites }, new: { role, sites } },
        siteOf(before) === siteOf(after) ? siteOf(after) : null,
      );
      return after;
    },

    /** Disables the account and so ends its sessions; `userId` may be the account's email. */
    disable(actor: Actor, input: { userId: string }): void {
      requirePermission(actor, "users:manage");
      const user = target(actor, "disable", input.userId);
      users.disable(user.id);
      audit.record(actor, "user.disabled", user.email, {}, siteOf(user));
    },

    /** A new random password, returned once; `userId` may be the account's email. */
    async resetPassword(actor: Actor, input: { userId: string }): Promise<string> {
      requirePermission(actor, "users:manage");
      const user = target(actor, "reset-password", input.userId);
      const password = await users.resetPassword(user);
      audit.record(actor, "user.password-reset", user.email, {}, siteOf(user));
      return password;
    },
  };
}
