import { randomUUID } from "node:crypto";
import type { Actor, Role } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { UserRecord } from "../store/user-store.ts";
import { oneTimePasswordUntil } from "./one-time-password.ts";
import { hashPassword, newPassword, passwordProblems } from "./password.ts";
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

/** Accounts: created, re-roled, disabled and given new passwords. */
export class UserService extends StoreService<HubStores> {
  async create(input: NewUser): Promise<{ user: PublicUser; password: string }> {
    if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new HubError("invalid-request", "not an email address");
    if (this.stores.users.byEmail(input.email))
      throw new HubError("conflict", `a user "${input.email}" exists already`);
    this.checkSites(input.sites);
    const password = input.password ?? newPassword();
    const problems = passwordProblems(password);
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

  /** Changes the account's role and sites; returns it before and after. */
  setRole(by: Actor, id: string, role: Role, sites: string[] | null): { before: PublicUser; after: PublicUser } {
    const user = this.existing(id);
    this.checkSites(sites);
    if (user.id === by.userId && role !== user.role)
      throw new HubError("forbidden", "nobody may change their own role; ask another administrator");
    this.stores.users.setRole(id, role, sites);
    return { before: publicUser(user), after: publicUser(this.existing(id)) };
  }

  /** Disables the account; returns it. */
  disable(by: Actor, id: string): PublicUser {
    const user = this.existing(id);
    if (user.id === by.userId) throw new HubError("forbidden", "nobody may disable their own account");
    if (!this.stores.users.disable(id, this.now().toISOString()))
      throw new HubError("conflict", "the account is already disabled");
    return publicUser(user);
  }

  /** A new one-time password, returned once; every session and API token of the user ends. */
  async resetPassword(id: string): Promise<{ user: PublicUser; password: string }> {
    const user = this.existing(id);
    const password = newPassword();
    const now = this.now();
    this.stores.users.setPassword(user.id, await hashPassword(password), {
      at: now.toISOString(),
      oneTimeUntil: oneTimePasswordUntil(now),
    });
    return { user: publicUser(user), password };
  }

  private existing(id: string): UserRecord {
    const user = this.stores.users.byId(id) ?? this.stores.users.byEmail(id);
    if (!user) throw new HubError("not-found", `no user "${id}"`);
    return user;
  }

  private checkSites(sites: string[] | null): void {
    for (const site of sites ?? [])
      if (!this.stores.fleet.site(site)) throw new HubError("invalid-request", `no site "${site}"`);
  }
}
