import { afterEach, describe, expect, it } from "vitest";
import { identityRows } from "../testing/identity-rows.ts";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());
const old = "2026-01-10T09:00:00.000Z";

function incident(state: string, lastSeen = old): number {
  const id = stores.incidents.insert({
    ...{ siteId: "school-a", clientAddress: "10.0.0.7", hostname: null, mac: null, group: "students" },
    ...{ category: "adult", autoSeverity: "high", severity: "high", illegal: false },
    ...{ openedAt: old, firstSeen: old, lastSeen, eventCount: 1 },
  });
  stores.incidents.setState(id, state);
  return id;
}

describe("RetentionStore", () => {
  it("purges old raw events but keeps an incident's evidence and its context either side", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const id = incident("new");
    stores.events.insert(
      [
        storedEvent({ id: "evidence", time: old }),
        storedEvent({ id: "context", time: "2026-01-10T09:20:00.000Z" }),
        storedEvent({ id: "unrelated", time: "2026-01-10T12:00:00.000Z" }),
        storedEvent({ id: "other-client", time: old, clientAddress: "10.0.0.9" }),
        storedEvent({ id: "recent", time: "2026-11-20T09:00:00.000Z" }),
      ],
      old,
      new Map([["evidence", id]]),
    );
    expect(stores.retention.purgeEvents("2026-08-01T00:00:00.000Z", 30)).toBe(2);
    const left = stores.eventQueries.search({ sites: null, limit: 10 }).map((e) => e.id);
    expect(left.sort()).toEqual(["context", "evidence", "recent"]);
  });

  // On PostgreSQL a month goes as a partition, its count known from its rollup less the rows
  // already deleted from it while it straddled the cut-off.
  const januaryDays = ["05", "10", "20", "25"].map((day) => `2026-01-${day}T09:00:00.000Z`);
  function januaryAndFebruary(): void {
    seedAgent(stores);
    const id = incident("new");
    const times = [...januaryDays, "2026-02-03T09:00:00.000Z"];
    const events = times.map((time, n) => storedEvent({ id: `e-${n}`, time }));
    stores.events.insert(events, old, new Map([["e-1", id]]));
  }

  it("counts the events each run deletes, day by day and when a month goes whole, evidence kept", () => {
    ({ stores } = openTempStores());
    januaryAndFebruary();
    expect(stores.retention.purgeEvents("2026-01-15T00:00:00.000Z", 30)).toBe(1);
    expect(stores.retention.purgeEvents("2026-01-21T00:00:00.000Z", 30)).toBe(1);
    expect(stores.retention.purgeEvents("2026-02-01T00:00:00.000Z", 30)).toBe(1);
    expect(stores.retention.purgeEvents("2026-03-01T00:00:00.000Z", 30)).toBe(1);
    expect(stores.eventQueries.search({ sites: null, limit: 10 }).map((e) => e.id)).toEqual(["e-1"]);
  });

  it("counts a month's events when its rollup went before it", () => {
    ({ stores } = openTempStores());
    januaryAndFebruary();
    expect(stores.retention.purgeEvents("2026-01-15T00:00:00.000Z", 30)).toBe(1);
    stores.retention.purgeAggregates("2026-02-01T00:00:00.000Z");
    expect(stores.retention.purgeEvents("2026-02-01T00:00:00.000Z", 30)).toBe(2);
  });

  it("purges heartbeats and rollups older than the cut-off", () => {
    ({ stores } = openTempStores());
    const agent = seedAgent(stores);
    const counts = [{ group: "students", outcome: "resolved", label: "", n: 5 }];
    stores.fleet.recordHeartbeat(agent, old, "{}", "school-a", counts);
    stores.fleet.recordHeartbeat(agent, "2026-11-20T09:00:00.000Z", "{}", "school-a", counts);
    stores.events.insert([storedEvent({ time: old })], old);
    // One heartbeat, one hour of query counts, one hour, one month and one day of event rollups.
    expect(stores.retention.purgeAggregates("2026-08-01T00:00:00.000Z")).toBe(5);
    expect(stores.reportData.allLookups({ sites: ["school-a"], from: "2026", to: "2027" })).toEqual([
      { group: "students", outcome: "resolved", n: 5 },
    ]);
  });

  it("keeps the rollups' month straddling the cut-off, by month and by hour, and drops the days before it", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const times = ["2026-07-01T09:00:00.000Z", "2026-07-20T09:00:00.000Z"];
    stores.events.insert(
      times.map((time, n) => storedEvent({ id: `e-${n}`, time })),
      times[1] as string,
    );
    // The two days go; July, still partly kept, stays whole and so do its hours: a report from
    // 2 July reads the month less its first day's hours, which must still be there to take away.
    expect(stores.retention.purgeAggregates("2026-07-25T00:00:00.000Z")).toBe(2);
    const report = { sites: ["school-a"], from: "2026-07-02T00:00:00.000Z", to: "2026-08-01T00:00:00.000Z" };
    expect(stores.reportData.lookupCounts(report).map((row) => row.n)).toEqual([1]);
    expect(stores.retention.purgeAggregates("2026-08-01T00:00:00.000Z")).toBe(3);
  });

  it("purges closed incidents untouched since the cut-off, with their record and alerts, and nothing open", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const closed = incident("closed");
    const open = incident("triaged");
    const touched = incident("closed");
    stores.incidents.appendEntry(closed, old, "dsl", "note", {});
    stores.alerts.record({
      incidentId: closed,
      at: old,
      channel: "email",
      recipients: [],
      status: "sent",
      error: null,
      suppressed: 0,
    });
    stores.incidents.appendEntry(touched, "2026-11-01T00:00:00.000Z", "dsl", "note", {});
    expect(stores.retention.purgeIncidents("2026-08-01T00:00:00.000Z")).toBe(1);
    expect(stores.incidents.get(closed)).toBeUndefined();
    expect(stores.incidents.entries(closed)).toEqual([]);
    expect(stores.alerts.forIncident(closed)).toEqual([]);
    expect(stores.incidents.get(open)).toBeDefined();
    expect(stores.incidents.get(touched)).toBeDefined();
  });

  it("purges a closed incident a sanction answered, keeping the sanction without it", () => {
    const opened = openTempStores();
    stores = opened.stores;
    seedAgent(stores);
    const rows = identityRows(opened.file);
    const personId = rows.person("school-a", { displayName: "Kim" });
    rows.close();
    const closed = incident("closed");
    const sanction = stores.sanctions.insert({
      ...{ personId, incidentId: closed, reason: "misuse", allow: [], setBy: "dsl" },
      ...{ startsAt: old, endsAt: "2026-01-17T16:00:00.000Z" },
    });
    expect(stores.retention.purgeIncidents("2026-08-01T00:00:00.000Z")).toBe(1);
    expect(stores.incidents.get(closed)).toBeUndefined();
    expect(stores.sanctions.get(sanction)).toMatchObject({ personId, incidentId: null, reason: "misuse" });
  });

  it("purges expired sessions", () => {
    ({ stores } = openTempStores());
    stores.users.insert({
      id: "u",
      email: "u@x",
      name: "U",
      role: "dsl",
      sites: null,
      passwordHash: "h",
      createdAt: old,
    });
    stores.users.insertSession("s1", "u", "c", old, "2026-01-11");
    stores.users.insertSession("s2", "u", "c", old, "2026-12-01");
    expect(stores.retention.purgeSessions("2026-11-23")).toBe(1);
    expect(stores.users.session("s2")).toBeDefined();
  });
});
