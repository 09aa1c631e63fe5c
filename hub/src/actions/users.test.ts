import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { mayManageAccount } from "../domain/account-grants.ts";
import { type Actor, ROLES, type Role } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import { HubError } from "../hub-error.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { CLI_ACTOR } from "./access.ts";

let hub: Hub;
const PASSWORD = "a long enough password";

/** An account made by the command line, and the actor it signs in as. */
async function account(role: Role, sites: string[] | null, email = `${role}-${sites?.join("+") ?? "all"}@x.test`) {
  const { user } = await hub.actions.users.create(CLI_ACTOR, { email, name: role, role, sites, password: PASSWORD });
  return { userId: user.id, email, role, sites } satisfies Actor;
}
const codeOf = async (work: () => unknown) => {
  try {
    await work();
    return "ok";
  } catch (error) {
    return error instanceof HubError ? error.code : String(error);
  }
};
const refusals = () => hub.services.audit.page(0, 1000, "user.change-refused");

beforeEach(() => {
  hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
  hub.actions.sites.create(CLI_ACTOR, { id: "site-a", name: "A" });
  hub.actions.sites.create(CLI_ACTOR, { id: "site-b", name: "B" });
});

describe("user actions: who may manage whom", () => {
  it("re-roles only when the actor may manage the account as it is and as it would be", async () => {
    const admin = await account("ict-admin", null);
    const board = await account("board", null);
    const dsl = await account("dsl", null);
    expect(await codeOf(() => hub.actions.users.setRole(admin, { userId: board.userId, role: "dsl" }))).toBe(
      "forbidden",
    );
    expect(await codeOf(() => hub.actions.users.setRole(dsl, { userId: board.userId, role: "dsl" }))).toBe("forbidden");
    expect(await codeOf(() => hub.actions.users.setRole(admin, { userId: board.userId, role: "ict-admin" }))).toBe(
      "ok",
    );
    expect(refusals().map((e) => e.detail)).toMatchObject([
      { attempt: "set-role", role: "dsl" },
      { attempt: "set-role", role: "board" },
    ]);
  });

  it("refuses any change to one's own account, audited", async () => {
    const dsl = await account("dsl", ["site-a"]);
    for (const work of [
      () => hub.actions.users.setRole(dsl, { userId: dsl.userId, role: "dsl", sites: null }),
      () => hub.actions.users.disable(dsl, { userId: dsl.email }),
      () => hub.actions.users.resetPassword(dsl, { userId: dsl.userId }),
    ])
      expect(await codeOf(work)).toBe("forbidden");
    expect(refusals().map((e) => [e.target, e.site])).toEqual([
      [dsl.email, "site-a"],
      [dsl.email, "site-a"],
      [dsl.email, "site-a"],
    ]);
  });

  it("acts on the account an email names, and answers not-found for an unknown one", async () => {
    const admin = await account("ict-admin", null);
    const board = await account("board", ["site-b"]);
    hub.actions.users.disable(admin, { userId: board.email });
    expect(hub.services.stores.users.byId(board.userId)?.disabledAt).not.toBeNull();
    expect(await codeOf(() => hub.actions.users.disable(admin, { userId: "who@x.test" }))).toBe("not-found");
    expect(hub.services.audit.page(0, 100, "user.disabled")).toMatchObject([{ target: board.email, site: "site-b" }]);
  });

  it("lists to a site-limited administrator only the accounts within its sites", async () => {
    const admin = await account("ict-admin", ["site-a"]);
    await account("board", ["site-a"]);
    await account("board", ["site-b"]);
    await account("board", null);
    expect(
      hub.actions.users
        .list(admin)
        .map((u) => u.email)
        .sort(),
    ).toEqual(["board-site-a@x.test", "ict-admin-site-a@x.test"]);
  });

  // The role-granting rule through the action itself: every role (limited to site-a) creating every role at site-a.
  const pairs = ROLES.flatMap((actor) => ROLES.map((target) => [actor, target] as const));
  it.each(pairs)("%s of site a creating a %s of site a: as the one rule says", async (actorRole, target) => {
    const actor = await account(actorRole, ["site-a"]);
    const expected = mayManageAccount(actor, { role: target, sites: ["site-a"] }).allowed ? "ok" : "forbidden";
    const made = () =>
      hub.actions.users.create(actor, { email: `new-${target}@x.test`, name: "New", role: target, sites: ["site-a"] });
    expect(await codeOf(made)).toBe(expected);
    expect(expected === "ok").toBe(
      ["ict-admin:ict-admin", "ict-admin:board", "dsl:dsl", "dsl:deputy-dsl", "dsl:auditor", "dsl:staff"].includes(
        `${actorRole}:${target}`,
      ),
    );
  });
});
