import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createHubApp } from "./hub-app.ts";
import type { HubStores } from "./store/open-stores.ts";
import { grantToken } from "./testing/grant-token.ts";
import { openTestStores } from "./testing/test-stores.ts";

const ADMIN = "fl_admin-token-for-tests-0123456789";

/** The fields these tests read from response bodies. */
interface Body {
  token: string;
  credential: string;
  error: { code: string; message: string };
}
const read = async (response: Response | Promise<Response>) => (await (await response).json()) as Body;
let stores: HubStores;
let app: ReturnType<typeof createHubApp>;

const json = (body: unknown, token?: string, extra: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
  body: JSON.stringify(body),
});
const event = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  time: 1_790_000_000_000,
  clientAddress: "10.1.2.3",
  group: "students",
  hostname: null,
  mac: null,
  name: "adult.test",
  qtype: 1,
  outcome: "blocked",
  categories: ["adult"],
  monitored: [],
  list: "test",
  listVersion: "v1",
  rule: "adult.test",
  locked: false,
  detail: null,
  ...overrides,
});

/** `length` CJK characters in no repeating order, so that PostgreSQL cannot compress them into an index entry. */
function scatteredText(length: number): string {
  return Array.from({ length }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("");
}

async function enrolledAgent(site = "school-a"): Promise<string> {
  await app.request("/api/sites", json({ id: site, name: "School A" }, ADMIN));
  const { token } = await read(app.request(`/api/sites/${site}/enrolment-tokens`, json({}, ADMIN)));
  const { credential } = await read(app.request("/api/agents/enrol", json({ token, name: "gateway-1" })));
  return credential;
}

beforeEach(() => {
  stores = openTestStores(":memory:");
  app = createHubApp({ stores, log: pino({ level: "silent" }) });
  grantToken(stores, ADMIN, "ict-admin");
});

describe("enrolment", () => {
  it("exchanges a one-use token for an agent credential", async () => {
    await app.request("/api/sites", json({ id: "school-a", name: "School A" }, ADMIN));
    const { token } = await read(app.request("/api/sites/school-a/enrolment-tokens", json({}, ADMIN)));
    const first = await app.request("/api/agents/enrol", json({ token, name: "gw" }));
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ siteId: "school-a", credential: expect.any(String) });
    const again = await app.request("/api/agents/enrol", json({ token, name: "gw2" }));
    expect(again.status).toBe(401);
    expect((await read(again)).error.code).toBe("unauthorised");
  });

  it.each([
    ["no admin token", undefined],
    ["a wrong admin token", "nope"],
  ])("refuses site administration with %s", async (_, token) => {
    const response = await app.request("/api/sites", json({ id: "x1", name: "X" }, token));
    expect(response.status).toBe(401);
    expect(stores.fleet.site("x1")).toBeUndefined();
  });
});

describe("event ingest", () => {
  it("stores a batch once, whatever the number of deliveries", async () => {
    const credential = await enrolledAgent();
    const batch = { schemaVersion: 1, events: [event("e-00000001"), event("e-00000002")] };
    expect(await (await app.request("/api/agents/events", json(batch, credential))).json()).toEqual({
      stored: 2,
      duplicates: 0,
    });
    expect(await (await app.request("/api/agents/events", json(batch, credential))).json()).toEqual({
      stored: 0,
      duplicates: 2,
    });
    expect(stores.events.count("school-a")).toBe(2);
  });

  it("stores text PostgreSQL cannot hold as sent (a NUL, a broken surrogate) with the replacement character", async () => {
    const credential = await enrolledAgent();
    const batch = {
      schemaVersion: 3,
      events: [event("e-00000010", { hostname: "lap\u0000top", user: "pupil\uD800", list: "list\u0000" })],
    };
    const response = await app.request("/api/agents/events", json(batch, credential));
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0 });
    const [stored] = stores.eventQueries.search({ sites: null, limit: 10 });
    // The user name is matched to the site's people in a JSON document on PostgreSQL: it failed there too.
    expect([stored?.hostname, stored?.list]).toEqual(["lap\uFFFDtop", "list\uFFFD"]);
  });

  it("refuses an address carrying a NUL: PostgreSQL would read it cut short, another client's events", async () => {
    const credential = await enrolledAgent();
    const batch = { schemaVersion: 3, events: [event("e-00000011", { clientAddress: "10.0.0.1" })] };
    expect((await app.request("/api/agents/events", json(batch, credential))).status).toBe(200);
    const DSL = "fl_dsl-token-for-tests-0123456789";
    grantToken(stores, DSL, "dsl");
    const headers = { authorization: `Bearer ${DSL}` };
    for (const path of [
      "/api/events?client=10.0.0.1%00x",
      "/api/subject-access?client=10.0.0.1%00",
      "/api/sites/school-a%00x",
    ]) {
      const response = await app.request(path, { headers });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect((await read(response)).error.message).toMatch(/NUL character/);
    }
    const found = (await (await app.request("/api/events?client=10.0.0.1", { headers })).json()) as {
      events: unknown[];
    };
    expect(found.events).toHaveLength(1);
  });

  it("reads gzip bodies", async () => {
    const credential = await enrolledAgent();
    const body = gzipSync(JSON.stringify({ schemaVersion: 1, events: [event("e-00000003")] }));
    const response = await app.request("/api/agents/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-encoding": "gzip",
        authorization: `Bearer ${credential}`,
      },
      body,
    });
    expect(await response.json()).toEqual({ stored: 1, duplicates: 0 });
  });

  it.each([
    [
      "a bad field",
      { schemaVersion: 1, events: [event("e-00000004"), event("e-00000005", { qtype: "A" })] },
      "invalid-request",
      /events\[1\]: qtype/,
    ],
    [
      "an unknown outcome",
      { schemaVersion: 1, events: [event("e-00000006", { outcome: "maybe" })] },
      "invalid-request",
      /outcome/,
    ],
    [
      // Agents escape every byte beyond printable ASCII (\DDD); 1,024 characters of three bytes each
      // overflowed PostgreSQL's index entry (a 500, at every retry).
      "a name not in presentation form",
      { schemaVersion: 1, events: [event("e-00000008", { name: scatteredText(1024) })] },
      "invalid-request",
      /events\[0\]: name/,
    ],
    ["an unknown schema version", { schemaVersion: 99, events: [] }, "unsupported-schema", /99/],
    ["not a batch", { hello: 1 }, "invalid-request", /./],
  ])("refuses %s with a clear error and stores nothing", async (_, batch, code, detail) => {
    const credential = await enrolledAgent();
    const response = await app.request("/api/agents/events", json(batch, credential));
    expect(response.status).toBe(400);
    const { error } = await read(response);
    expect(error.code).toBe(code);
    expect(JSON.stringify(error)).toMatch(detail);
    expect(stores.events.count("school-a")).toBe(0);
  });

  it("refuses unauthenticated and revoked agents", async () => {
    const credential = await enrolledAgent();
    const batch = { schemaVersion: 1, events: [event("e-00000007")] };
    expect((await app.request("/api/agents/events", json(batch))).status).toBe(401);
    expect((await app.request("/api/agents/events", json(batch, "forged"))).status).toBe(401);
    const agent = stores.fleet.siteAgents("school-a")[0] as { id: string };
    stores.fleet.revokeAgent(agent.id, new Date().toISOString());
    expect((await app.request("/api/agents/events", json(batch, credential))).status).toBe(401);
    expect(stores.events.count("school-a")).toBe(0);
  });

  it("refuses an oversized body with 413", async () => {
    const credential = await enrolledAgent();
    const response = await app.request(
      "/api/agents/events",
      json({ schemaVersion: 1, events: [], pad: "x".repeat(17 * 1024 * 1024) }, credential),
    );
    expect(response.status).toBe(413);
  });

  it("stores events under the agent's own site only", async () => {
    const credential = await enrolledAgent("school-a");
    await enrolledAgent("school-b");
    await app.request("/api/agents/events", json({ schemaVersion: 1, events: [event("e-00000008")] }, credential));
    expect([stores.events.count("school-a"), stores.events.count("school-b")]).toEqual([1, 0]);
  });
});
