import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const user = {
  id: "u-1",
  email: "DSL@School.test",
  name: "Designated Lead",
  role: "dsl" as const,
  sites: ["school-a"],
  passwordHash: "hash",
  createdAt: "2026-11-01",
};

describe("UserStore", () => {
  it("stores a user, finds them by id or by e-mail in any case, and refuses the same e-mail twice", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    expect(stores.users.byId("u-1")).toEqual({ ...user, failedLogins: 0, lockedUntil: null, disabledAt: null });
    expect(stores.users.byEmail("dsl@school.test")?.id).toBe("u-1");
    expect(() => stores.users.insert({ ...user, id: "u-2", email: "dsl@SCHOOL.test" })).toThrow(/UNIQUE/);
    expect(stores.users.count()).toBe(1);
  });

  it("changes role, sites, password and login state; a new password clears a lock-out", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.setRole("u-1", "ict-admin", null);
    stores.users.setLoginState("u-1", 5, "2026-11-23T10:00");
    expect(stores.users.byId("u-1")).toMatchObject({ role: "ict-admin", sites: null, failedLogins: 5 });
    stores.users.setPassword("u-1", "new-hash");
    expect(stores.users.byId("u-1")).toMatchObject({ passwordHash: "new-hash", failedLogins: 0, lockedUntil: null });
  });

  it("keeps sessions until they expire or the user is disabled", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.insert({ ...user, id: "u-2", email: "other@school.test" });
    stores.users.insertSession("s1", "u-1", "csrf-1", "2026-11-23T09:00", "2026-11-23T17:00");
    stores.users.insertSession("s2", "u-1", "csrf-2", "2026-11-23T09:00", "2026-11-23T10:00");
    stores.users.insertSession("s3", "u-2", "csrf-3", "2026-11-23T09:00", "2026-11-23T17:00");
    expect(stores.users.session("s1")).toEqual({ userId: "u-1", csrf: "csrf-1", expiresAt: "2026-11-23T17:00" });
    expect(stores.users.deleteExpiredSessions("2026-11-23T12:00")).toBe(1);
    stores.users.deleteSession("s3");
    expect(stores.users.session("s3")).toBeUndefined();
    expect(stores.users.disable("u-1", "2026-11-23T12:00")).toBe(true);
    expect(stores.users.disable("u-1", "2026-11-23T13:00")).toBe(false);
    expect(stores.users.session("s1")).toBeUndefined();
    expect(stores.users.all().map((u) => [u.id, u.disabledAt])).toEqual([
      ["u-1", "2026-11-23T12:00"],
      ["u-2", null],
    ]);
  });

  it("keeps API tokens by hash; only their owner revokes one, once", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.insertToken("token-hash", "t-1", "u-1", "script", "2026-11-23");
    expect(stores.users.token("token-hash")).toEqual({ id: "t-1", userId: "u-1", revokedAt: null });
    expect(stores.users.revokeToken("t-1", "someone-else", "2026-11-24")).toBe(false);
    expect(stores.users.revokeToken("t-1", "u-1", "2026-11-24")).toBe(true);
    expect(stores.users.revokeToken("t-1", "u-1", "2026-11-25")).toBe(false);
    expect(stores.users.userTokens("u-1")).toEqual([
      { id: "t-1", name: "script", createdAt: "2026-11-23", revokedAt: "2026-11-24" },
    ]);
    expect(() => stores.users.insertToken("h2", "t-2", "nobody", "x", "2026-11-23")).toThrow(/FOREIGN KEY/);
  });
});
