import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-policy-tests-0123456789";
const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", block: ["central.test"] }] };

describe("central policy", () => {
  it("versions each change with its reason, and serves agents with an ETag", async () => {
    const stores = openTestStores(":memory:");
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const send = (method: string, path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
      app.request(path, {
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await send("POST", "/api/sites", { id: "school-a", name: "A" }, ADMIN);
    const { token } = (await (await send("POST", "/api/sites/school-a/enrolment-tokens", {}, ADMIN)).json()) as {
      token: string;
    };
    const { credential } = (await (await send("POST", "/api/agents/enrol", { token, name: "gw" })).json()) as {
      credential: string;
    };

    expect((await send("GET", "/api/agents/policy", undefined, credential)).status).toBe(204);
    expect((await send("PUT", "/api/sites/school-a/policy", { policy, reason: "" }, ADMIN)).status).toBe(400);
    const bad = await send(
      "PUT",
      "/api/sites/school-a/policy",
      { policy: { ...policy, defaultGroup: "nobody" }, reason: "new term" },
      ADMIN,
    );
    expect(JSON.stringify(await bad.json())).toMatch(/no group \\"nobody\\"/);
    expect((await send("PUT", "/api/sites/school-a/policy", { policy, reason: "new term" }, undefined)).status).toBe(
      401,
    );
    expect(
      await (await send("PUT", "/api/sites/school-a/policy", { policy, reason: "new term starts" }, ADMIN)).json(),
    ).toEqual({ version: 1 });

    const first = await send("GET", "/api/agents/policy", undefined, credential);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag") as string;
    expect(await first.json()).toMatchObject({ version: 1, policy: { groups: [{ block: ["central.test"] }] } });
    expect((await send("GET", "/api/agents/policy", undefined, credential, { "if-none-match": etag })).status).toBe(
      304,
    );
    await send(
      "PUT",
      "/api/sites/school-a/policy",
      { policy: { ...policy, blockTtl: 30 }, reason: "longer block TTL" },
      ADMIN,
    );
    expect((await send("GET", "/api/agents/policy", undefined, credential, { "if-none-match": etag })).status).toBe(
      200,
    );

    const changes = stores.policies
      .changes("school-a", 10)
      .reverse()
      .map((change) => ({ reason: change.reason, first: change.oldBody === null ? 1 : 0 }));
    expect(changes).toEqual([
      { reason: "new term starts", first: 1 },
      { reason: "longer block TTL", first: 0 },
    ]);
  });

  it("edits one group's list with a reason, refuses to loosen locked categories, and logs both in the audit chain", async () => {
    const stores = openTestStores(":memory:");
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const send = async (method: string, path: string, body: unknown) => {
      const response = await app.request(path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    await send("POST", "/api/sites", { id: "school-a", name: "A" });
    await send("PUT", "/api/sites/school-a/policy", { policy, reason: "initial policy" });
    const edit = { group: "students", list: "allow", add: ["Wikipedia.org", "bbc.co.uk"], reason: "curriculum sites" };
    expect((await send("POST", "/api/sites/school-a/policy/lists", { ...edit, reason: "" })).status).toBe(400);
    expect((await send("POST", "/api/sites/school-a/policy/lists", { ...edit, group: "nobody" })).status).toBe(400);
    expect((await send("POST", "/api/sites/school-a/policy/lists", edit)).body).toEqual({ version: 2 });
    await send("POST", "/api/sites/school-a/policy/lists", {
      group: "students",
      list: "allow",
      remove: ["bbc.co.uk"],
      reason: "not needed after all",
    });
    const current = (await send("GET", "/api/sites/school-a/policy", undefined)).body as {
      policy: { groups: { allow: string[] }[] };
    };
    expect(current.policy.groups[0]?.allow).toEqual(["wikipedia.org"]);

    const locked = await send("PUT", "/api/sites/school-a/policy", {
      policy: { ...policy, groups: [{ ...policy.groups[0], categories: { "child-abuse": "allow" } }] },
      reason: "an attempt to allow a locked category",
    });
    expect(locked.status).toBe(403);
    const changes = (await send("GET", "/api/sites/school-a/policy/changes", undefined)).body as {
      changes: { reason: string; changedBy: string }[];
    };
    expect(changes.changes.map((c) => c.reason)).toEqual([
      "not needed after all",
      "curriculum sites",
      "initial policy",
    ]);
    expect(changes.changes[0]?.changedBy).toMatch(/ict-admin/);
    const audit = stores.audit.page(0, 100, "policy.").map((e) => e.action);
    expect(audit).toEqual(["policy.changed", "policy.changed", "policy.changed", "policy.locked-change-refused"]);
  });
});
