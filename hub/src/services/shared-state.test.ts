import { afterEach, describe, expect, it } from "vitest";
import { openTwoHubs } from "../testing/two-hubs.ts";
import { wireEvent } from "../testing/wire-event.ts";

const PASSWORD = "correct horse battery staple";
let hubs: ReturnType<typeof openTwoHubs>;

afterEach(() => hubs.close());

type Hub = ReturnType<typeof openTwoHubs>["a"];
const login = (hub: Hub, email: string, password: string) =>
  hub.app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });

describe("two hub processes on one database", () => {
  it("slow a password guesser spread over both as one would: the delay earned on one holds on the other", async () => {
    hubs = openTwoHubs();
    const { a, b, clock } = hubs;
    await a.services.users.create({
      email: "dsl@school.test",
      name: "DSL",
      role: "dsl",
      sites: null,
      password: PASSWORD,
    });
    // Five free failures, alternating between the processes.
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? a : b, "dsl@school.test", "guess")).status).toBe(401);
    // The right password now waits, on either process.
    expect((await login(a, "dsl@school.test", PASSWORD)).status).toBe(401);
    expect((await login(b, "dsl@school.test", PASSWORD)).status).toBe(401);
    const delayed = a.services.audit.page(0, 100, "auth.").filter((e) => e.action === "auth.login-delayed");
    expect(delayed).toHaveLength(2);
    clock.now = new Date(clock.now.getTime() + 1_000);
    expect((await login(b, "dsl@school.test", PASSWORD)).status).toBe(200);
  });

  it("count an address's attempts across both: the minute's limit is the same as on one", async () => {
    hubs = openTwoHubs();
    const { a, b } = hubs;
    // Twenty attempts a minute from one address, on twenty accounts so no account's delay interferes.
    for (let i = 0; i < 20; i++) expect((await login(i % 2 ? a : b, `u${i}@school.test`, "guess")).status).toBe(401);
    expect((await login(a, "u20@school.test", "guess")).status).toBe(429);
    expect((await login(b, "u21@school.test", "guess")).status).toBe(429);
  });

  it("gather one pupil's lookups ingested through both into one incident, graded up once on repeats", () => {
    hubs = openTwoHubs();
    const { a, b, agent, clock } = hubs;
    const T0 = clock.now.getTime();
    for (let i = 0; i < 8; i++) {
      const time = T0 + i * 60_000;
      clock.now = new Date(time);
      (i % 2 ? a : b).services.ingest.ingest(agent, {
        schemaVersion: 1,
        events: [wireEvent({ time, categories: ["gambling"] })],
      });
    }
    const incidents = a.services.stores.incidents.list({ sites: null, limit: 10 });
    expect(incidents).toHaveLength(1);
    // Five attempts within the rules' minutes raise the grade: counted across both processes.
    expect(incidents[0]).toMatchObject({ eventCount: 8, severity: "high" });
    expect(a.services.stores.incidents.entries(incidents[0]?.id ?? 0).map((e) => e.kind)).toEqual([
      "raised",
      "auto-escalated",
    ]);
  });

  it("grade a circumvention attempt on one up after a block ingested by the other", () => {
    hubs = openTwoHubs();
    const { a, b, agent, clock } = hubs;
    const T0 = clock.now.getTime();
    a.services.ingest.ingest(agent, { schemaVersion: 1, events: [wireEvent({ time: T0, categories: ["adult"] })] });
    clock.now = new Date(T0 + 60_000);
    b.services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [wireEvent({ time: T0 + 60_000, outcome: "circumvention", categories: ["vpn"] })],
    });
    const [vpn] = b.services.stores.incidents.list({ sites: null, limit: 10, category: "vpn" });
    expect(vpn?.severity).toBe("high");
  });

  it("start a new incident after one is closed on the other process", () => {
    hubs = openTwoHubs();
    const { a, b, agent, clock } = hubs;
    const T0 = clock.now.getTime();
    const send = (hub: Hub, time: number) =>
      hub.services.ingest.ingest(agent, { schemaVersion: 1, events: [wireEvent({ time, categories: ["gambling"] })] });
    send(a, T0);
    const [first] = a.services.stores.incidents.list({ sites: null, limit: 10 });
    b.services.stores.incidents.setState(first?.id ?? 0, "false-positive");
    send(a, T0 + 60_000);
    expect(a.services.stores.incidents.list({ sites: null, limit: 10 }).map((i) => i.eventCount)).toEqual([1, 1]);
  });
});
