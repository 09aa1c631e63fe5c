import type { Role } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";

/** The password of every user `addPasswordUser` creates. */
export const TEST_PASSWORD = "a long enough password";

/** For tests: a user of `role` at every site who signs in with TEST_PASSWORD; returns the email. */
export async function addPasswordUser(services: HubServices, role: Role = "dsl"): Promise<string> {
  const email = `${role}@school.test`;
  await services.users.create({ email, name: `Test ${role}`, role, sites: null, password: TEST_PASSWORD });
  return email;
}
