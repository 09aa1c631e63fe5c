import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";

const T0 = Date.parse("2026-11-23T10:00:00Z");
const minutes = (n: number) => T0 + n * 60_000;

function setup() {
  const stores = openTestStores(":memory:");
  let now = new Date(T0);
  const { services } = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  services.enrolment.createSite("school-a", "School A");
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const { agentId } = services.enrolment.enrol(token, "gw");
  const agent = { id: agentId, siteId: "school-a" };
  const changes: { kind: string; severity: string; incidentId: number }[] = [];
  // What would be alerted: the changes the engine hands on after each commit.
  services.alerts.notify = (c) => {
    changes.push(...c);
  };
  const send = (...events: ReturnType<typeof wireEvent>[]) => {
    now = new Date(Math.max(now.getTime(), ...events.map((e) => e.time)));
    return services.ingest.ingest(agent, { schemaVersion: 1, events });
  };
  return { stores, services, send, changes };
}

describe("incident engine", () => {
  it("gathers one client's lookups in one category within the window into one incident, and starts another after it", () => {
    const { stores, send } = setup();
    send(
      wireEvent({ time: minutes(0), categories: ["self-harm"] }),
      wireEvent({ time: minutes(1), categories: ["self-harm"] }),
    );
    send(wireEvent({ time: minutes(30), categories: ["self-harm"] }));
    const [first] = stores.incidents.list({ sites: null, limit: 10 });
    expect(stores.incidents.list({ sites: null, limit: 10 })).toHaveLength(1);
    expect(first).toMatchObject({ category: "self-harm", severity: "high", eventCount: 3, state: "new" });
    expect(first?.firstSeen).toBe(new Date(minutes(0)).toISOString());
    expect(first?.lastSeen).toBe(new Date(minutes(30)).toISOString());
    send(wireEvent({ time: minutes(30 + 61), categories: ["self-harm"] }));
    expect(stores.incidents.list({ sites: null, limit: 10 })).toHaveLength(2);
  });

  it("keeps clients and categories apart", () => {
    const { stores, send } = setup();
    send(
      wireEvent({ time: minutes(0), categories: ["self-harm"] }),
      wireEvent({ time: minutes(0), categories: ["gambling"] }),
      wireEvent({ time: minutes(0), categories: ["self-harm"], clientAddress: "10.9.9.9" }),
    );
    expect(stores.incidents.list({ sites: null, limit: 10 })).toHaveLength(3);
  });

  it("grades illegal content critical at once and reports the change for alerting", () => {
    const { stores, send, changes } = setup();
    send(wireEvent({ time: minutes(0), categories: ["child-abuse"], locked: true }));
    expect(stores.incidents.list({ sites: null, limit: 1 })[0]).toMatchObject({ severity: "critical", illegal: true });
    expect(changes).toMatchObject([{ kind: "raised", severity: "critical" }]);
  });

  it("raises the grade once on repeated attempts (N within T)", () => {
    const { stores, send, changes } = setup();
    for (let i = 0; i < 4; i++) send(wireEvent({ time: minutes(i), categories: ["gambling"] }));
    expect(stores.incidents.get(1)?.severity).toBe("medium");
    send(wireEvent({ time: minutes(4), categories: ["gambling"] }));
    expect(stores.incidents.get(1)?.severity).toBe("high");
    for (let i = 5; i < 15; i++) send(wireEvent({ time: minutes(i), categories: ["gambling"] }));
    expect(stores.incidents.get(1)).toMatchObject({ severity: "high", eventCount: 15 });
    expect(changes.map((c) => c.kind)).toEqual(["raised", "escalated"]);
    expect(stores.incidents.entries(1).map((e) => e.kind)).toEqual(["raised", "auto-escalated"]);
  });

  it("spread-out attempts do not count as repeated", () => {
    const { stores, send } = setup();
    for (let i = 0; i < 6; i++) send(wireEvent({ time: minutes(i * 30), categories: ["gambling"] }));
    expect(stores.incidents.get(1)).toMatchObject({ severity: "medium", eventCount: 6 });
  });

  it("grades circumvention medium, and high when it follows a block", () => {
    const { stores, send } = setup();
    send(wireEvent({ time: minutes(0), outcome: "circumvention", categories: ["vpn"], clientAddress: "10.0.0.1" }));
    send(wireEvent({ time: minutes(0), categories: ["adult"], clientAddress: "10.0.0.2" }));
    send(wireEvent({ time: minutes(2), outcome: "circumvention", categories: ["vpn"], clientAddress: "10.0.0.2" }));
    const vpn = stores.incidents.list({ sites: null, limit: 10, category: "vpn" });
    expect(Object.fromEntries(vpn.map((i) => [i.clientAddress, i.severity]))).toEqual({
      "10.0.0.1": "medium",
      "10.0.0.2": "high",
    });
  });

  it("raises nothing for report-only lookups: distraction categories, safe search", () => {
    const { stores, send } = setup();
    send(
      wireEvent({ categories: ["games"] }),
      wireEvent({ outcome: "safesearch", categories: ["search-engines"] }),
      wireEvent({ categories: ["streaming"] }),
    );
    expect(stores.incidents.list({ sites: null, limit: 10 })).toEqual([]);
    expect(stores.events.count("school-a")).toBe(3);
  });

  it("counts a re-sent batch once", () => {
    const { stores, send } = setup();
    const batch = [
      wireEvent({ time: minutes(0), categories: ["hate"] }),
      wireEvent({ time: minutes(1), categories: ["hate"] }),
    ];
    send(...batch);
    send(...batch);
    expect(stores.incidents.get(1)?.eventCount).toBe(2);
    expect(
      stores.eventQueries.ofIncident(
        stores.incidents.get(1) as NonNullable<ReturnType<typeof stores.incidents.get>>,
        10,
      ),
    ).toHaveLength(2);
  });

  it("a closed incident is not joined: the next lookup opens a new one", () => {
    const { stores, services, send } = setup();
    send(wireEvent({ time: minutes(0), categories: ["hate"] }));
    const dsl = { userId: "u", email: "dsl@school.test", role: "dsl" as const, sites: null };
    services.incidents.addEntry(dsl, 1, { kind: "transition", to: "false-positive", note: "a news site" });
    send(wireEvent({ time: minutes(1), categories: ["hate"] }));
    expect(stores.incidents.list({ sites: null, limit: 10 }).map((i) => [i.id, i.state])).toEqual([
      [2, "new"],
      [1, "false-positive"],
    ]);
  });

  it("picks up open incidents after a restart", () => {
    const { stores, send } = setup();
    send(wireEvent({ time: Date.now(), categories: ["hate"] }));
    const { services } = createHub({ stores, log: pino({ level: "silent" }) });
    const { token } = services.enrolment.issueEnrolmentToken("school-a");
    const { agentId } = services.enrolment.enrol(token, "gw-2");
    services.ingest.ingest(
      { id: agentId, siteId: "school-a" },
      { schemaVersion: 1, events: [wireEvent({ categories: ["hate"] })] },
    );
    expect(stores.incidents.list({ sites: null, limit: 10 })).toHaveLength(1);
    expect(stores.incidents.get(1)?.eventCount).toBe(2);
  });
});
