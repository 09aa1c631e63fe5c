import { z } from "zod";
import { type Actor, ROLES } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
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

/** Accounts and roles: the users:manage permission (or the command line); every act audited. */
export function userActions(services: HubServices) {
  const { users, audit } = services;
  return {
    /** Whether any account exists yet: at the first start there is none, and the command line makes the first. */
    anyExist(): boolean {
      return users.count() > 0;
    },

    list(actor: Actor) {
      requirePermission(actor, "users:manage");
      return users.list();
    },

    /** A new account; its first password is returned once. */
    async create(actor: Actor, input: z.input<typeof newUserInput>) {
      requirePermission(actor, "users:manage");
      const created = await users.create(validate(newUserInput, input));
      audit.record(actor, "user.created", created.user.email, { role: created.user.role, sites: created.user.sites });
      return created;
    },

    setRole(actor: Actor, input: { userId: string } & z.input<typeof roleChangeInput>) {
      requirePermission(actor, "users:manage");
      const { role, sites } = validate(roleChangeInput, { role: input.role, sites: input.sites });
      const { before, after } = users.setRole(actor, input.userId, role, sites);
      audit.record(actor, "user.role-changed", after.email, {
        old: { role: before.role, sites: before.sites },
        new: { role, sites },
      });
      return after;
    },

    /** Disables the account and so ends its sessions. */
    disable(actor: Actor, input: { userId: string }): void {
      requirePermission(actor, "users:manage");
      const user = users.disable(actor, input.userId);
      audit.record(actor, "user.disabled", user.email);
    },

    /** A new random password, returned once; `userId` may be the account's email. */
    async resetPassword(actor: Actor, input: { userId: string }): Promise<string> {
      requirePermission(actor, "users:manage");
      const { user, password } = await users.resetPassword(input.userId);
      audit.record(actor, "user.password-reset", user.email);
      return password;
    },
  };
}
