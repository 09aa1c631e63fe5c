import { describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission, ROLES, type Role, roleCan } from "./roles.ts";

/** The least-privilege design, written out: who may do what. */
const DESIGN: Record<Role, readonly Permission[]> = {
  "ict-admin": [
    "fleet:read",
    "fleet:manage",
    "policy:read",
    "policy:manage",
    "events:read",
    "users:manage",
    "reports:aggregate",
  ],
  dsl: [
    "fleet:read",
    "policy:read",
    "events:read",
    "identities:read",
    "incidents:read",
    "incidents:write",
    "incidents:sign-off",
    "alerts:manage",
    "subject-access",
    "reports:aggregate",
    "reports:safeguarding",
    // Only for the safeguarding-side accounts: domain/account-grants.ts.
    "users:manage",
  ],
  "deputy-dsl": [
    "fleet:read",
    "policy:read",
    "events:read",
    "identities:read",
    "incidents:read",
    "incidents:write",
    "subject-access",
    "reports:aggregate",
    "reports:safeguarding",
  ],
  board: ["reports:aggregate"],
  auditor: ["audit:read", "policy:read"],
};

describe("roles", () => {
  it.each(ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const)))(
    "%s / %s is as designed",
    (role, permission) => {
      expect(roleCan(role, permission)).toBe(DESIGN[role].includes(permission));
    },
  );

  it("only the DSL roles see identities; only ICT admins change the filtering policy; only auditors read the audit log", () => {
    expect(ROLES.filter((r) => roleCan(r, "identities:read"))).toEqual(["dsl", "deputy-dsl"]);
    expect(ROLES.filter((r) => roleCan(r, "policy:manage"))).toEqual(["ict-admin"]);
    expect(ROLES.filter((r) => roleCan(r, "audit:read"))).toEqual(["auditor"]);
    expect(ROLES.filter((r) => roleCan(r, "incidents:sign-off"))).toEqual(["dsl"]);
  });
});
