import { describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission, ROLES, roleCan } from "./roles.ts";

/** The roles holding a permission, in ROLES order. */
const holders = (permission: Permission) => ROLES.filter((role) => roleCan(role, permission));

/** Permissions that change something: an auditor and the board must hold none of them. */
const CHANGING: readonly Permission[] = PERMISSIONS.filter(
  (p) => p.endsWith(":manage") || p.endsWith(":write") || p === "incidents:sign-off",
);

describe("roles: least privilege", () => {
  it("the board sees aggregate reports and the annual review record, which the governor signs, and nothing else", () => {
    expect(PERMISSIONS.filter((p) => roleCan("board", p))).toEqual([
      "reports:aggregate",
      "reviews:read",
      "reviews:sign-governor",
    ]);
  });

  it("annual reviews: the DSL roles and the board read; the DSL roles write; the DSL and the governor sign", () => {
    expect(holders("reviews:read")).toEqual(["dsl", "deputy-dsl", "board"]);
    expect(holders("reviews:write")).toEqual(["dsl", "deputy-dsl"]);
    expect(holders("reviews:sign-dsl")).toEqual(["dsl"]);
    expect(holders("reviews:sign-governor")).toEqual(["board"]);
  });

  it("filtering checks: ICT and the DSL roles read and run them; ICT schedules; only the DSL roles hold the canaries", () => {
    expect(holders("checks:read")).toEqual(["ict-admin", "dsl", "deputy-dsl"]);
    expect(holders("checks:run")).toEqual(["ict-admin", "dsl", "deputy-dsl"]);
    expect(holders("checks:schedule")).toEqual(["ict-admin"]);
    expect(holders("checks:canaries")).toEqual(["dsl", "deputy-dsl"]);
  });

  it("only the DSL roles see identities, incidents, subject access and safeguarding reports", () => {
    for (const permission of [
      "identities:read",
      "incidents:read",
      "incidents:write",
      "subject-access",
      "reports:safeguarding",
    ] as const)
      expect(holders(permission), permission).toEqual(["dsl", "deputy-dsl"]);
  });

  it("the auditor reads the audit trail and changes nothing", () => {
    expect(roleCan("auditor", "audit:read")).toBe(true);
    expect(CHANGING.filter((p) => roleCan("auditor", p))).toEqual([]);
    expect(CHANGING.filter((p) => roleCan("board", p))).toEqual([]);
  });

  it("only ICT admins change the fleet and the filtering policy; only auditors read the audit log", () => {
    expect(holders("fleet:manage")).toEqual(["ict-admin"]);
    expect(holders("policy:manage")).toEqual(["ict-admin"]);
    expect(holders("audit:read")).toEqual(["auditor"]);
  });

  it("only the DSL signs off incidents and manages alerts; the deputy holds the rest of the DSL's permissions", () => {
    expect(holders("incidents:sign-off")).toEqual(["dsl"]);
    expect(holders("alerts:manage")).toEqual(["dsl"]);
    const deputy = PERMISSIONS.filter((p) => roleCan("deputy-dsl", p));
    expect(deputy.every((p) => roleCan("dsl", p))).toBe(true);
  });

  it("accounts are managed by the ICT admin and the DSL, each for its own side (domain/account-grants.ts)", () => {
    expect(holders("users:manage")).toEqual(["ict-admin", "dsl"]);
  });

  it("every permission is held by some role", () => {
    expect(PERMISSIONS.filter((p) => holders(p).length === 0)).toEqual([]);
  });
});
