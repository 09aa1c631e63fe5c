import { describe, expect, it } from "vitest";
import { type AccountShape, type GrantingActor, grantableRoles, mayManageAccount } from "./account-grants.ts";
import { ROLES, type Role } from "./roles.ts";

/** Written out by hand (not derived from the code): which actor role may manage which target role. */
const MANAGES: Record<Role, readonly Role[]> = {
  "ict-admin": ["ict-admin", "board"],
  dsl: ["dsl", "deputy-dsl", "auditor", "staff"],
  "deputy-dsl": [],
  board: [],
  auditor: [],
  staff: [],
};

const ACTOR_SCOPES = { "all sites": null, "site a only": ["a"] } as const;
const TARGET_SCOPES = {
  "all sites": null,
  "site a": ["a"],
  "site b": ["b"],
  "sites a and b": ["a", "b"],
} as const;

/** A limited actor reaches only targets limited to its own sites; an all-sites actor reaches all. */
const siteAllowed = (actor: readonly string[] | null, target: readonly string[] | null) =>
  actor === null || target?.every((s) => actor.includes(s)) === true;

const cases = ROLES.flatMap((actorRole) =>
  Object.entries(ACTOR_SCOPES).flatMap(([actorScope, actorSites]) =>
    ROLES.flatMap((targetRole) =>
      Object.entries(TARGET_SCOPES).map(([targetScope, targetSites]) => {
        const expected = MANAGES[actorRole].includes(targetRole) && siteAllowed(actorSites, targetSites);
        return [
          `${actorRole} (${actorScope}) → ${targetRole} (${targetScope}): ${expected ? "allowed" : "refused"}`,
          { role: actorRole, sites: actorSites } as GrantingActor,
          { role: targetRole, sites: targetSites } as AccountShape,
          expected,
        ] as const;
      }),
    ),
  ),
);

describe("mayManageAccount, every role × every role × site scopes", () => {
  it("covers every pair of roles", () => {
    expect(cases).toHaveLength(ROLES.length * 2 * ROLES.length * 4);
  });

  it.each(cases)("%s", (_name, actor, target, expected) => {
    const verdict = mayManageAccount(actor, target);
    expect(verdict.allowed).toBe(expected);
    if (!verdict.allowed) expect(verdict.reason.length).toBeGreaterThan(10);
  });

  it.each(ROLES)("the hub's own command line may make a %s at every site", (role) => {
    expect(mayManageAccount({ role: "ict-admin", sites: null, system: true }, { role, sites: null }).allowed).toBe(
      true,
    );
  });

  it("offers each role only the roles it may grant", () => {
    expect(grantableRoles({ role: "ict-admin", sites: null }, ROLES)).toEqual(["ict-admin", "board"]);
    expect(grantableRoles({ role: "dsl", sites: ["a"] }, ROLES)).toEqual(["dsl", "deputy-dsl", "auditor", "staff"]);
    expect(grantableRoles({ role: "board", sites: null }, ROLES)).toEqual([]);
  });
});
