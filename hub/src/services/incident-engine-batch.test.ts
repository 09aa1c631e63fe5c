import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";

const T0 = Date.parse("2026-11-23T10:00:00Z");
const minutes = (n: number) => T0 + n * 60_000;
const iso = (n: number) => new Date(minutes(n)).toISOString();

/** A hub over `stores` with an agent of its own: each such hub is an engine with its own cache, as a hub process is. */
function hubOn(stores: ReturnType<typeof openTestStores>, name: string) {
  const { services } = createHub({ stores, log: pino({ level: "silent" }), now: () => new Date(minutes(60)) });
  if (!stores.fleet.site("school-a")) services.enrolment.createSite("school-a", "School A");
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const { agentId } = services.enrolment.enrol(token, name);
  services.alerts.notify = () => {};
  return (...events: ReturnType<typeof wireEvent>[]) =>
    services.ingest.ingest({ id: agentId, siteId: "school-a" }, { schemaVersion: 1, events });
}

describe("incident engine, a batch at a time", () => {
  it("joins events to incidents raised in the same batch, and stores their aggregates", () => {
    const stores = openTestStores(":memory:");
    const send = hubOn(stores, "gw");
    const lookups = (clientAddress: string) =>
      [0, 1, 2, 3, 4].map((m) => wireEvent({ time: minutes(m), categories: ["gambling"], clientAddress }));
    send(...lookups("10.0.0.1"), ...lookups("10.0.0.2"), wireEvent({ time: minutes(9), categories: ["games"] }));
    const incidents = stores.incidents.list({ sites: null, limit: 10 });
    expect(incidents.map((i) => [i.clientAddress, i.eventCount, i.firstSeen, i.lastSeen, i.severity])).toEqual([
      ["10.0.0.2", 5, iso(0), iso(4), "high"],
      ["10.0.0.1", 5, iso(0), iso(4), "high"],
    ]);
    for (const incident of incidents) {
      expect(stores.eventQueries.ofIncident(incident, 10)).toHaveLength(5);
      expect(stores.incidents.entries(incident.id).map((e) => e.kind)).toEqual(["raised", "auto-escalated"]);
    }
    stores.close();
  });

  it("grades circumvention up after a block earlier in the same batch", () => {
    const stores = openTestStores(":memory:");
    const send = hubOn(stores, "gw");
    send(
      wireEvent({ time: minutes(0), categories: ["adult"] }),
      wireEvent({ time: minutes(2), outcome: "circumvention", categories: ["vpn"] }),
    );
    expect(stores.incidents.list({ sites: null, limit: 10, category: "vpn" })[0]?.severity).toBe("high");
    stores.close();
  });

  it("counts repeated attempts across hubs on one database from the stored events", () => {
    const stores = openTestStores(":memory:");
    const [first, second] = [hubOn(stores, "gw-1"), hubOn(stores, "gw-2")];
    first(...[0, 1, 2, 3].map((m) => wireEvent({ time: minutes(m), categories: ["gambling"] })));
    expect(stores.incidents.get(1)?.severity).toBe("medium");
    second(wireEvent({ time: minutes(4), categories: ["gambling"] }));
    // The first hub's cache is stale (the second joined since): it recounts, and does not escalate again.
    first(wireEvent({ time: minutes(5), categories: ["gambling"] }));
    expect(stores.incidents.get(1)).toMatchObject({ severity: "high", eventCount: 6 } satisfies Partial<IncidentRow>);
    expect(stores.incidents.entries(1).map((e) => e.kind)).toEqual(["raised", "auto-escalated"]);
    stores.close();
  });
});
