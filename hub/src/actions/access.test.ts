import { describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import { actorName } from "../services/audit-service.ts";
import { CLI_ACTOR, requirePermission, requireSite, SYSTEM_ACTOR, seesAllSites } from "./access.ts";

const ict: Actor = { userId: "u1", email: "ict@school.test", role: "ict-admin", sites: null };
const dslOfB: Actor = { userId: "u2", email: "dsl@b.test", role: "dsl", sites: ["school-b"] };
const codeOf = (work: () => unknown) => {
  try {
    work();
    return "ok";
  } catch (error) {
    return error instanceof HubError ? error.code : "other";
  }
};

describe("the one permission and site-scope check", () => {
  it.each([
    [ict, "fleet:manage", "ok"],
    [ict, "incidents:read", "forbidden"],
    [dslOfB, "incidents:read", "ok"],
    [dslOfB, "alerts:manage", "ok"],
    [dslOfB, "fleet:manage", "forbidden"],
    [CLI_ACTOR, "users:manage", "ok"],
    [SYSTEM_ACTOR, "audit:read", "ok"],
  ] as const)("%o holding %s: %s", (actor, permission, expected) => {
    expect(codeOf(() => requirePermission(actor, permission))).toBe(expected);
  });

  it.each([
    [ict, "school-a", "ok"],
    [dslOfB, "school-b", "ok"],
    [dslOfB, "school-a", "not-found"],
    [dslOfB, undefined, "not-found"],
    [CLI_ACTOR, "school-a", "ok"],
  ] as const)("%o at site %s: %s", (actor, siteId, expected) => {
    expect(codeOf(() => requireSite(actor, siteId))).toBe(expected);
  });

  it("says another site's resource does not exist, in the words given", () => {
    expect(() => requireSite(dslOfB, "school-a", "no incident 7")).toThrow("no incident 7");
  });

  it("lets a report over several sites be read only if every one is the actor's", () => {
    expect(seesAllSites(dslOfB, ["school-b"])).toBe(true);
    expect(seesAllSites(dslOfB, ["school-a", "school-b"])).toBe(false);
  });

  it("records the system actors by their system names", () => {
    expect(actorName(CLI_ACTOR)).toBe("system:cli");
    expect(actorName(SYSTEM_ACTOR)).toBe("system");
    expect(actorName(ict)).toBe("ict@school.test (u1)");
  });
});
