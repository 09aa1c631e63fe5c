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
    expect(stores.users.byId("u-1")).toEqual({
      ...user,
      failedLogins: 0,
      oneTimePasswordUntil: null,
      lockedUntil: null,
      disabledAt: null,
    });
    expect(stores.users.byEmail("dsl@school.test")?.id).toBe("u-1");
    expect(() => stores.users.insert({ ...user, id: "u-2", email: "dsl@SCHOOL.test" })).toThrow(
      /UNIQUE|unique constraint/,
    );
    expect(stores.users.count()).toBe(1);
  });

  it("changes role, sites, password and login state; a new password clears a lock-out", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.setRole("u-1", "ict-admin", null);
    stores.users.setLoginState("u-1", 5, "2026-11-23T10:00");
    expect(stores.users.byId("u-1")).toMatchObject({ role: "ict-admin", sites: null, failedLogins: 5 });
    stores.users.setPassword("u-1", "new-hash", { at: "2026-11-23T09:00", oneTimeUntil: "2026-11-26T09:00" });
    expect(stores.users.byId("u-1")).toMatchObject({
      passwordHash: "new-hash",
      failedLogins: 0,
      lockedUntil: null,
      oneTimePasswordUntil: "2026-11-26T09:00",
    });
  });

  it("a new password ends every other session of the user and revokes all their tokens", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.insert({ ...user, id: "u-2", email: "other@school.test" });
    for (const [hash, owner] of [
      ["s1", "u-1"],
      ["s2", "u-1"],
      ["s3", "u-2"],
    ] as const)
      stores.users.insertSession(hash, owner, "csrf", "2026-11-23T09:00", "2026-11-23T17:00");
    stores.users.insertToken("t1-hash", "t-1", "u-1", "script", "2026-11-23");
    stores.users.insertToken("t3-hash", "t-3", "u-2", "script", "2026-11-23");
    const ended = stores.users.setPassword("u-1", "new-hash", { at: "2026-11-23T10:00", keepSessionHash: "s1" });
    expect(ended).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    expect(stores.users.session("s1")).toBeDefined();
    expect(stores.users.session("s2")).toBeUndefined();
    expect(stores.users.session("s3")).toBeDefined();
    expect(stores.users.token("t1-hash")?.revokedAt).toBe("2026-11-23T10:00");
    expect(stores.users.token("t3-hash")?.revokedAt).toBeNull();
    expect(stores.users.byId("u-1")?.oneTimePasswordUntil).toBeNull();
  });

  it("keeps sessions until they expire or the user is disabled", () => {
    ({ stores } = openTempStores());
    stores.users.insert(user);
    stores.users.insert({ ...user, id: "u-2", email: "other@school.test" });
    stores.users.insertSession("s1", "u-1", "csrf-1", "2026-11-23T09:00", "2026-11-23T17:00");
    stores.users.insertSession("s2", "u-1", "csrf-2", "2026-11-23T09:00", "2026-11-23T10:00");
    stores.users.insertSession("s3", "u-2", "csrf-3", "2026-11-23T09:00", "2026-11-23T17:00");
    expect(stores.users.session("s1")).toEqual({
      userId: "u-1",
      csrf: "csrf-1",
      expiresAt: "2026-11-23T17:00",
      lastSeenAt: "2026-11-23T09:00",
    });
    expect(stores.users.deleteExpiredSessions("2026-11-23T12:00")).toBe(1);
    // Idle since before 09:30: s1 and s3 were last used at 09:00, unless touched since.
    stores.users.touchSession("s1", "2026-11-23T12:00");
    expect(stores.users.deleteExpiredSessions("2026-11-23T12:00", "2026-11-23T09:30")).toBe(1);
    expect(stores.users.session("s3")).toBeUndefined();
    stores.users.insertSession("s3", "u-2", "csrf-3", "2026-11-23T09:00", "2026-11-23T17:00");
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
    expect(stores.users.token("token-hash")).toEqual({
      id: "t-1",
      userId: "u-1",
      revokedAt: null,
      expiresAt: null,
      scope: "read-write",
    });
    stores.users.insertToken("ro-hash", "t-ro", "u-1", "reader", "2026-11-24", {
      expiresAt: "2027-02-22",
      scope: "read-only",
    });
    expect(stores.users.token("ro-hash")).toMatchObject({ expiresAt: "2027-02-22", scope: "read-only" });
    expect(stores.users.revokeToken("t-1", "someone-else", "2026-11-24")).toBe(false);
    expect(stores.users.revokeToken("t-1", "u-1", "2026-11-24")).toBe(true);
    expect(stores.users.revokeToken("t-1", "u-1", "2026-11-25")).toBe(false);
    expect(stores.users.userTokens("u-1")).toEqual([
      {
        id: "t-1",
        name: "script",
        createdAt: "2026-11-23",
        revokedAt: "2026-11-24",
        expiresAt: null,
        scope: "read-write",
      },
      {
        id: "t-ro",
        name: "reader",
        createdAt: "2026-11-24",
        revokedAt: null,
        expiresAt: "2027-02-22",
        scope: "read-only",
      },
    ]);
    expect(() => stores.users.insertToken("h2", "t-2", "nobody", "x", "2026-11-23")).toThrow(
      /FOREIGN KEY|foreign key constraint/,
    );
  });
});
