import { randomUUID } from "node:crypto";
import type { Role } from "../domain/roles.ts";
import { UNMATCHABLE_HASH } from "../services/password.ts";
import { hashSecret } from "../services/secrets.ts";
import type { HubStores } from "../store/open-stores.ts";

/**
 * For tests and benchmarks: a user of `role` (password login impossible) holding `token`
 * (which must start with "fl_") as an API token. Returns the user's id.
 */
export function grantToken(stores: HubStores, token: string, role: Role, sites: string[] | null = null): string {
  if (!token.startsWith("fl_")) throw new Error('test API tokens start with "fl_"');
  const id = randomUUID();
  const at = new Date().toISOString();
  stores.users.insert({
    id,
    email: `${role}-${id.slice(0, 8)}@test.invalid`,
    name: `Test ${role}`,
    role,
    sites,
    passwordHash: UNMATCHABLE_HASH,
    createdAt: at,
  });
  stores.users.insertToken(hashSecret(token), randomUUID(), id, "test", at);
  return id;
}
