import { mayManageAccount } from "@fenceline/hub/src/domain/account-grants.ts";
import { ROLES, type Role } from "@fenceline/hub/src/domain/roles.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsHub, type Credentials, serveAccountsHub } from "./support/accounts-hub.ts";

// The security review's account attacks, replayed over real HTTP against a running hub.
let hub: Awaited<ReturnType<typeof serveAccountsHub>>;
let ictOfA: Credentials;
let ictAll: Credentials;
let dsl: Credentials;
let dslId: string;
let auditor: Credentials;
let auditorOfB: Credentials;
const passwords: Record<string, string> = {};

type Entry = { action: string; actor: string; target: string | null; site: string | null; detail: never };
/** The audit trail as a reader sees it over the API. */
const auditAs = async (who: Credentials, action?: string) =>
  (await hub.call("GET", `/api/audit?limit=1000${action ? `&action=${action}` : ""}`, who)).json.entries as Entry[];
const userByEmail = async (email: string) =>
  ((await hub.call("GET", "/api/users", ictAll)).json.users as { id: string; email: string; role: string }[]).find(
    (u) => u.email === email,
  );

beforeAll(async () => {
  const made = await accountsHub([
    ["school-a", "Alpha Academy"],
    ["school-b", "Beta Primary"],
  ]);
  // The first DSL is made on the hub's machine, with the command line (which may make anyone).
  passwords.dsl = await made.addUser("dsl@school.test", "dsl");
  passwords.ictOfA = await made.addUser("ict-a@school.test", "ict-admin", "school-a");
  passwords.ictAll = await made.addUser("ict@school.test", "ict-admin");
  hub = await serveAccountsHub(made.config);
  ictOfA = await hub.login("ict-a@school.test", passwords.ictOfA as string);
  ictAll = await hub.login("ict@school.test", passwords.ictAll as string);
  dsl = await hub.login("dsl@school.test", passwords.dsl as string);
  dslId = (await userByEmail("dsl@school.test"))?.id as string;
  // The DSL, and only the DSL, makes auditors: one over every site, one limited to school-b.
  for (const [email, sites] of [
    ["auditor@school.test", null],
    ["auditor-b@school.test", ["school-b"]],
  ] as const) {
    const created = await hub.call("POST", "/api/users", dsl, { email, name: "Auditor", role: "auditor", sites });
    expect(created.status).toBe(201);
    passwords[email] = created.json.password as string;
  }
  auditor = await hub.login("auditor@school.test", passwords["auditor@school.test"] as string);
  auditorOfB = await hub.login("auditor-b@school.test", passwords["auditor-b@school.test"] as string);
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

describe("1. an ict-admin cannot make itself, or anyone, a DSL", () => {
  it("refuses a role without account management at the door, and audits that refusal too", async () => {
    const made = await hub.call("POST", "/api/users", ictAll, {
      email: "governor@school.test",
      name: "Governor",
      role: "board",
      sites: null,
    });
    expect(made.status).toBe(201);
    const board = await hub.login("governor@school.test", made.json.password as string);
    const attempt = await hub.call("POST", "/api/users", board, {
      email: "board-made-dsl@school.test",
      name: "Not a DSL",
      role: "dsl",
      sites: null,
    });
    expect(attempt.status).toBe(403);
    expect(await userByEmail("board-made-dsl@school.test")).toBeUndefined();
    const page = await fetch(`${hub.url}/users`, { headers: { cookie: board.cookie } });
    expect(page.status).toBe(403);
    const refused = (await auditAs(auditor, "access.refused")).filter((e) => e.actor.includes("governor@"));
    expect(refused).toContainEqual(
      expect.objectContaining({ target: "/api/users", detail: { permission: "users:manage", method: "POST" } }),
    );
    expect(refused).toContainEqual(
      expect.objectContaining({ target: "/users", detail: { permission: "users:manage", method: "GET" } }),
    );
  });

  it("refuses a site-limited ict-admin's all-sites dsl account, and audits the refusal", async () => {
    const attempt = await hub.call("POST", "/api/users", ictOfA, {
      email: "me-as-dsl@school.test",
      name: "Not a DSL",
      role: "dsl",
      sites: null,
    });
    expect(attempt.status).toBe(403);
    expect(attempt.text).not.toMatch(/password/);
    expect(await userByEmail("me-as-dsl@school.test")).toBeUndefined();
    const refused = await auditAs(auditor, "user.change-refused");
    expect(refused).toContainEqual(
      expect.objectContaining({
        target: "me-as-dsl@school.test",
        actor: expect.stringContaining("ict-a@school.test"),
        detail: expect.objectContaining({ attempt: "create", role: "dsl", sites: null }),
      }),
    );
  });

  it("refuses a site-limited ict-admin any site it does not hold, and allows its own", async () => {
    for (const sites of [null, ["school-b"], ["school-a", "school-b"]]) {
      const attempt = await hub.call("POST", "/api/users", ictOfA, {
        email: `ict-${sites?.length ?? "all"}@school.test`,
        name: "Wider ICT",
        role: "ict-admin",
        sites,
      });
      expect(attempt.status).toBe(403);
    }
    const own = await hub.call("POST", "/api/users", ictOfA, {
      email: "governor-a@school.test",
      name: "Governor",
      role: "board",
      sites: ["school-a"],
    });
    expect(own.status).toBe(201);
  });

  it("refuses an all-sites ict-admin a DSL's password reset, disabling or re-roling, and audits each", async () => {
    const before = (await auditAs(auditor, "user.change-refused")).length;
    const reset = await hub.call("POST", `/api/users/${dslId}/password-reset`, ictAll);
    expect(reset.status).toBe(403);
    expect(reset.json).not.toHaveProperty("password");
    expect((await hub.call("POST", `/api/users/${dslId}/disable`, ictAll)).status).toBe(403);
    const demote = await hub.call("PUT", `/api/users/${dslId}/role`, ictAll, { role: "board", sites: null });
    expect(demote.status).toBe(403);
    // The DSL's own password still works, and the account is still a DSL's.
    await hub.login("dsl@school.test", passwords.dsl as string);
    expect((await userByEmail("dsl@school.test"))?.role).toBe("dsl");
    const refused = (await auditAs(auditor, "user.change-refused")).slice(before);
    expect(refused.map((e) => (e.detail as { attempt: string }).attempt)).toEqual([
      "reset-password",
      "disable",
      "set-role",
    ]);
  });

  it("refuses to promote a board account to deputy-dsl", async () => {
    const board = await userByEmail("governor-a@school.test");
    const promote = await hub.call("PUT", `/api/users/${board?.id}/role`, ictAll, { role: "deputy-dsl", sites: null });
    expect(promote.status).toBe(403);
    expect((await userByEmail("governor-a@school.test"))?.role).toBe("board");
  });

  // Every actor role, over every site or limited to school-a, creating every role at every site
  // scope: the answer over HTTP is the one rule's.
  const scopes = { "all sites": null, "school-a": ["school-a"], "school-b": ["school-b"] } as const;
  const cases = ROLES.flatMap((actor) =>
    (["all sites", "school-a"] as const).flatMap((actorScope) =>
      ROLES.flatMap((target) =>
        Object.entries(scopes).map(([targetScope, sites]) => {
          const allowed = mayManageAccount({ role: actor, sites: scopes[actorScope] }, { role: target, sites }).allowed;
          const name = `${actor} (${actorScope}) creates ${target} (${targetScope}): ${allowed ? "201" : "403"}`;
          return [name, actor, actorScope, target, sites, allowed] as const;
        }),
      ),
    ),
  );
  const tokens = new Map<string, string>();
  const tokenOf = (role: Role, scope: "all sites" | "school-a") => {
    const key = `${role}/${scope}`;
    if (!tokens.has(key)) {
      const token = `fl_${role}-${scope.replace(" ", "-")}-security-accounts`;
      grantToken(hub.stores, token, role, scope === "all sites" ? null : ["school-a"]);
      tokens.set(key, token);
    }
    return tokens.get(key) as string;
  };
  let n = 0;
  it.each(cases)("%s", async (_name, actor, actorScope, target, sites, allowed) => {
    const email = `grant-${++n}@school.test`;
    const response = await hub.call("POST", "/api/users", tokenOf(actor, actorScope), {
      email,
      name: "Granted",
      role: target,
      sites,
    });
    expect(response.status).toBe(allowed ? 201 : 403);
    expect(Boolean(await userByEmail(email))).toBe(allowed);
  });
});

describe("2. nobody lifts their own site limit or changes their own role", () => {
  it("refuses a site-limited ict-admin's own PUT .../role with sites null, and audits it", async () => {
    const me = await userByEmail("ict-a@school.test");
    const lift = await hub.call("PUT", `/api/users/${me?.id}/role`, ictOfA, { role: "ict-admin", sites: null });
    expect(lift.status).toBe(403);
    const after = (await hub.call("GET", "/api/me", ictOfA)).json;
    expect(JSON.stringify(after)).toContain("school-a");
    expect((await auditAs(auditor, "user.change-refused")).at(-1)).toMatchObject({
      target: "ict-a@school.test",
      detail: { attempt: "set-role" },
    });
  });

  it("refuses a DSL re-roling or re-siting itself", async () => {
    expect((await hub.call("PUT", `/api/users/${dslId}/role`, dsl, { role: "dsl", sites: ["school-a"] })).status).toBe(
      403,
    );
  });
});

describe("10. disabling or re-roling a user addressed by email acts on that user", () => {
  it("re-roles by email: the role really changes, and the audit names the account", async () => {
    const made = await hub.call("POST", "/api/users", ictAll, {
      email: "by-email@school.test",
      name: "By email",
      role: "board",
      sites: null,
    });
    expect(made.status).toBe(201);
    const changed = await hub.call("PUT", "/api/users/by-email@school.test/role", ictAll, {
      role: "ict-admin",
      sites: ["school-b"],
    });
    expect(changed.status).toBe(200);
    expect((await userByEmail("by-email@school.test"))?.role).toBe("ict-admin");
    expect((await auditAs(auditor, "user.role-changed")).at(-1)).toMatchObject({ target: "by-email@school.test" });
  });

  it("disables by email: the account can no longer sign in", async () => {
    const password = (await hub.call("POST", "/api/users/by-email@school.test/password-reset", ictAll)).json
      .password as string;
    await hub.login("by-email@school.test", password);
    expect((await hub.call("POST", "/api/users/by-email@school.test/disable", ictAll)).status).toBe(204);
    await expect(hub.login("by-email@school.test", password)).rejects.toThrow(/sign-in/);
    expect((await hub.call("POST", "/api/users/by-email@school.test/disable", ictAll)).status).toBe(409);
  });

  it("answers 404 for an unknown email or id, and writes no entry", async () => {
    const before = (await auditAs(auditor)).length;
    expect((await hub.call("POST", "/api/users/nobody@school.test/disable", ictAll)).status).toBe(404);
    expect((await hub.call("PUT", "/api/users/nobody@school.test/role", ictAll, { role: "board" })).status).toBe(404);
    expect((await hub.call("POST", "/api/users/no-such-id/password-reset", ictAll)).status).toBe(404);
    const after = await auditAs(auditor);
    expect(after.slice(before).filter((e) => e.action.startsWith("user."))).toEqual([]);
  });
});

describe("12. the audit trail names children by pseudonym and respects the auditor's sites", () => {
  it("records a subject-access export under the child's pseudonym, never the identifier", async () => {
    const exported = await hub.call("GET", "/api/subject-access?client=10.22.0.7", dsl);
    expect(exported.status).toBe(200);
    const entries = await auditAs(auditor, "subject-access");
    expect(entries.at(-1)?.target).toBe(hub.hub.services.privacy.pseudonym("10.22.0.7"));
    const whole = (await hub.call("GET", "/api/audit?limit=1000", auditor)).text;
    expect(whole).not.toContain("10.22.0.7");
  });

  it("shows an auditor limited to school-b only school-b's entries", async () => {
    for (const site of ["school-a", "school-b"])
      expect((await hub.call("POST", `/api/sites/${site}/enrolment-tokens`, ictAll, {})).status).toBe(201);
    const all = await auditAs(auditor);
    expect(all.some((e) => e.site === "school-a")).toBe(true);
    expect(all.some((e) => e.site === null)).toBe(true);
    const ofB = await auditAs(auditorOfB);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.every((e) => e.site === "school-b")).toBe(true);
    expect(ofB.map((e) => e.action)).toContain("agent.enrolment-token-issued");
    expect(JSON.stringify(ofB)).not.toContain("school-a");
  });
});

describe("16. every password set meets the one policy", () => {
  it("refuses the email, its name part, the current password, long runs and common passwords on a change", async () => {
    const made = await hub.call("POST", "/api/users", ictAll, {
      email: "pat.jones@school.test",
      name: "Pat Jones",
      role: "board",
      sites: null,
    });
    const once = made.json.password as string;
    const pat = await hub.login("pat.jones@school.test", once);
    // The one-time password was changed at that first sign-in, as it must be.
    const current = hub.passwordNow("pat.jones@school.test", once);
    const weak: [string, string][] = [
      ["pat.jones@school.test", "email"],
      ["PatJones-2026!", "email"],
      [current, "current"],
      ["zzzzzzzzzzzzzzzz", "repeated"],
      ["qwerty123456", "common"],
      ["1q2w3e4r5t6y", "common"],
      ["too short", "12 characters"],
    ];
    for (const [next, problem] of weak) {
      const refused = await hub.call("POST", "/api/me/password", pat, { current, next });
      expect(refused.status, next).toBe(400);
      expect(refused.text, next).toContain(problem);
    }
    const good = await hub.call("POST", "/api/me/password", pat, { current, next: "violet harbour lantern 42" });
    expect(good.status).toBeLessThan(300);
    await hub.login("pat.jones@school.test", "violet harbour lantern 42");
  });
});
