import { randomUUID } from "node:crypto";
import type { Role } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { UserRecord } from "../store/user-store.ts";
import { oneTimePasswordUntil } from "./one-time-password.ts";
import { hashPassword, newPassword } from "./password.ts";
import { passwordProblems } from "./password-policy.ts";
import { StoreService } from "./store-service.ts";

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  sites: string[] | null;
  /** Given: a password the creator chose; absent: a random one, returned once. */
  password?: string;
}

export type PublicUser = Omit<UserRecord, "passwordHash" | "failedLogins">;

function publicUser(user: UserRecord): PublicUser {
  const { passwordHash: _hash, failedLogins: _failed, ...rest } = user;
  return rest;
}

/** A random password that meets the policy too (a random one could, rarely, hold a long run). */
function randomPasswordFor(email: string): string {
  for (;;) {
    const password = newPassword();
    if (passwordProblems(password, { email }).length === 0) return password;
  }
}

/**
 * Accounts: created, re-roled, disabled and given new passwords. Who may do which to whom is the
 * action's to decide (domain/account-grants.ts); the methods after `resolve` take the account's id.
 */
export class UserService extends StoreService<HubStores> {
  async create(input: NewUser): Promise<{ user: PublicUser; password: string }> {
    if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new HubError("invalid-request", "not an email address");
    if (this.stores.users.byEmail(input.email))
      throw new HubError("conflict", `a user "${input.email}" exists already`);
    this.checkSites(input.sites);
    const password = input.password ?? randomPasswordFor(input.email);
    const problems = passwordProblems(password, { email: input.email });
    if (problems.length > 0) throw new HubError("invalid-request", "the password is too weak", problems);
    const user = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      sites: input.sites,
      passwordHash: await hashPassword(password),
      createdAt: this.now().toISOString(),
      // A password the hub made is one-time: it must be changed at the first sign-in, and expires.
      oneTimePasswordUntil: input.password === undefined ? oneTimePasswordUntil(this.now()) : null,
    };
    this.stores.users.insert(user);
    return { user: publicUser(this.stores.users.byId(user.id) as UserRecord), password };
  }

  count(): number {
    return this.stores.users.count();
  }

  list(): PublicUser[] {
    return this.stores.users.all().map(publicUser);
  }

  /** The account an id or an email names; unknown is not found. */
  resolve(idOrEmail: string): PublicUser {
    const user = this.stores.users.byId(idOrEmail) ?? this.stores.users.byEmail(idOrEmail);
    if (!user) throw new HubError("not-found", `no user "${idOrEmail}"`);
    return publicUser(user);
  }

  /** Changes the account's role and sites; returns it after. */
  setRole(id: string, role: Role, sites: string[] | null): PublicUser {
    this.checkSites(sites);
    this.stores.users.setRole(id, role, sites);
    return this.resolve(id);
  }

  /** Disables the account (and so its sessions and tokens). */
  disable(id: string): void {
    if (!this.stores.users.disable(id, this.now().toISOString()))
      throw new HubError("conflict", "the account is already disabled");
  }

  /**
   * A new one-time password (meeting the same policy as any other), returned once; every session
   * and API token of the user ends.
   */
  async resetPassword(user: PublicUser): Promise<string> {
    const password = randomPasswordFor(user.email);
    const now = this.now();
    this.stores.users.setPassword(user.id, await hashPassword(password), {
      at: now.toISOString(),
      oneTimeUntil: oneTimePasswordUntil(now),
    });
    return password;
  }

  private checkSites(sites: string[] | null): void {
    for (const site of sites ?? [])
      if (!this.stores.fleet.site(site)) throw new HubError("invalid-request", `no site "${site}"`);
  }
}
