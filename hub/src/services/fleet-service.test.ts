import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-fleet-tests-0123456789";

describe("heartbeats and fleet status", () => {
  it("shows agents online while they beat, offline after the silence limit, and lists stale after 7 days", async () => {
    let now = new Date("2026-11-20T09:00:00Z");
    const stores = openTestStores(":memory:");
    const app = createHubApp({ stores, log: pino({ level: "silent" }), now: () => now });
    grantToken(stores, ADMIN, "ict-admin");
    const post = async (path: string, body: unknown, token?: string) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    await post("/api/sites", { id: "school-a", name: "A" }, ADMIN);
    const { token } = (await (await post("/api/sites/school-a/enrolment-tokens", {}, ADMIN)).json()) as {
      token: string;
    };
    const { credential } = (await (await post("/api/agents/enrol", { token, name: "gw" })).json()) as {
      credential: string;
    };
    const beat = (builtAt: string) => ({
      schemaVersion: 1,
      agentVersion: "0.1.0",
      uptimeSeconds: 60,
      queries: { blocked: 3, resolved: 10 },
      outbox: { depth: 0, dropped: 5 },
      upstreams: [{ url: "udp://1.1.1.1:53", healthy: true, lastError: null }],
      lists: { version: "abc", builtAt, lists: [{ id: "ut1-adult", version: "v1", entries: 10 }] },
    });
    const status = async () =>
      (await (
        await app.request("/api/sites/school-a/status", { headers: { authorization: `Bearer ${ADMIN}` } })
      ).json()) as {
        listsStale: boolean;
        agents: { online: boolean; listAgeDays: number; outbox: { dropped: number } }[];
      };

    expect((await post("/api/agents/heartbeat", beat("2026-11-19T09:00:00Z"), credential)).status).toBe(204);
    expect(await status()).toMatchObject({
      listsStale: false,
      agents: [{ online: true, listAgeDays: 1, outbox: { dropped: 5 } }],
    });

    now = new Date("2026-11-20T09:04:00Z");
    expect((await status()).agents[0]?.online).toBe(false);

    now = new Date("2026-11-27T10:00:00Z");
    await post("/api/agents/heartbeat", beat("2026-11-19T09:00:00Z"), credential);
    expect(await status()).toMatchObject({ listsStale: true, agents: [{ online: true }] });
  });

  it("refuses a malformed heartbeat and one from an unknown agent", async () => {
    const stores = openTestStores(":memory:");
    const app = createHubApp({ stores, log: pino({ level: "silent" }) });
    grantToken(stores, ADMIN, "ict-admin");
    const response = await app.request("/api/agents/heartbeat", {
      method: "POST",
      headers: { authorization: "Bearer nobody" },
      body: "{}",
    });
    expect(response.status).toBe(401);
  });
});
