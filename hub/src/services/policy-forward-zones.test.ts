import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-zone-tests-0123456789";
const policy = { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] };

describe("forward zones in a site's policy", () => {
  it("are kept, checked, and sent to the site's agents with the rest of the policy", async () => {
    const stores = openTestStores(":memory:");
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const send = (method: string, path: string, body: unknown, token: string) =>
      app.request(path, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await send("POST", "/api/sites", { id: "school-a", name: "A" }, ADMIN);
    const { token } = (await (await send("POST", "/api/sites/school-a/enrolment-tokens", {}, ADMIN)).json()) as {
      token: string;
    };
    const enrolled = await app.request("/api/agents/enrol", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, name: "gw" }),
    });
    const { credential } = (await enrolled.json()) as { credential: string };

    const named = { ...policy, forwardZones: [{ zone: "school.local", upstreams: ["udp://dc1.school.local"] }] };
    const refused = await send("PUT", "/api/sites/school-a/policy", { policy: named, reason: "the AD domain" }, ADMIN);
    expect(refused.status).toBe(400);
    const body = JSON.stringify(await refused.json());
    expect(body).toMatch(/must be an IP address/);

    const zones = [{ zone: "School.Local", upstreams: ["udp://10.0.0.10", "udp://10.0.0.11"] }];
    const saved = await send(
      "PUT",
      "/api/sites/school-a/policy",
      { policy: { ...policy, forwardZones: zones }, reason: "the AD domain" },
      ADMIN,
    );
    expect(saved.status).toBe(200);
    const served = await send("GET", "/api/agents/policy", undefined, credential);
    expect(await served.json()).toMatchObject({
      policy: {
        forwardZones: [
          { zone: "school.local", upstreams: ["udp://10.0.0.10", "udp://10.0.0.11"], allowByDefault: false },
        ],
      },
    });
  });
});
