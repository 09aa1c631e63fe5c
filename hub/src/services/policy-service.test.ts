import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { HubStore } from "../store/hub-store.ts";
import { grantToken } from "../testing/grant-token.ts";

const ADMIN = "fl_admin-token-for-policy-tests-0123456789";
const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student", block: ["central.test"] }] };

describe("central policy", () => {
  it("versions each change with its reason, and serves agents with an ETag", async () => {
    const store = new HubStore(":memory:");
    const app = createHubApp({ store, log: pino({ level: "silent" }) });
    grantToken(store, ADMIN, "ict-admin");
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

    const changes = store.db.prepare("SELECT reason, old_body IS NULL AS first FROM policy_changes ORDER BY seq").all();
    expect(changes).toEqual([
      { reason: "new term starts", first: 1 },
      { reason: "longer block TTL", first: 0 },
    ]);
  });
});
