import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHubApp } from "../hub-app.ts";
import { grantToken } from "../testing/grant-token.ts";
import { openTestStores } from "../testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-fleet-tests-0123456789";

/** A hub with site school-a and one enrolled agent, whose clock is `clock.now`. */
async function enrolledAgentHub(clock: { now: Date }) {
  const stores = openTestStores(":memory:");
  const app = createHubApp({ stores, log: pino({ level: "silent" }), now: () => clock.now });
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
  return { app, post, credential };
}

describe("heartbeats and fleet status", () => {
  it("shows agents online while they beat, offline after the silence limit, and lists stale after 7 days", async () => {
    const clock = { now: new Date("2026-11-20T09:00:00Z") };
    const { app, post, credential } = await enrolledAgentHub(clock);
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

    clock.now = new Date("2026-11-20T09:04:00Z");
    expect((await status()).agents[0]?.online).toBe(false);

    clock.now = new Date("2026-11-27T10:00:00Z");
    await post("/api/agents/heartbeat", beat("2026-11-19T09:00:00Z"), credential);
    expect(await status()).toMatchObject({ listsStale: true, agents: [{ online: true }] });
  });

  it("refuses a heartbeat counting look-ups under a key no outcome has, longer than 64 characters", async () => {
    const { post, credential } = await enrolledAgentHub({ now: new Date() });
    // Characters in no repeating order: PostgreSQL could not compress them into its index entry (a 500).
    const key = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("");
    const response = await post(
      "/api/agents/heartbeat",
      {
        schemaVersion: 1,
        agentVersion: "0.1.0",
        uptimeSeconds: 60,
        queries: { [key]: 3 },
        outbox: { depth: 0, dropped: 0 },
        upstreams: [],
        lists: { version: "abc", builtAt: "2026-11-19T09:00:00Z", lists: [] },
      },
      credential,
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/queries/);
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
