import { afterEach, describe, expect, it } from "vitest";
import type { IncidentRow } from "./incident-store.ts";
import type { HubStores } from "./open-stores.ts";
import { openSqlInspector } from "./sql-inspector.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

function raise(overrides: Partial<IncidentRow> = {}): number {
  return stores.incidents.insert({
    siteId: "school-a",
    clientAddress: "10.0.0.7",
    hostname: null,
    mac: null,
    group: "students",
    category: "self-harm",
    autoSeverity: "high",
    severity: "high",
    illegal: false,
    openedAt: "2026-11-23T09:00:00.000Z",
    firstSeen: "2026-11-23T09:00:00.000Z",
    lastSeen: "2026-11-23T09:00:00.000Z",
    eventCount: 1,
    ...overrides,
  });
}

describe("IncidentStore", () => {
  it("raises an incident as new, and updates its aggregate without losing a known host name", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const id = raise({ hostname: "laptop-7" });
    expect(stores.incidents.get(id)).toMatchObject({ state: "new", illegal: false, repeatEscalated: false });
    stores.incidents.updateAggregate({
      id,
      firstSeen: "2026-11-23T09:00:00.000Z",
      lastSeen: "2026-11-23T09:05:00.000Z",
      eventCount: 3,
      autoSeverity: "critical",
      severity: "critical",
      repeatEscalated: true,
      hostname: null,
      mac: "aa:bb",
    });
    expect(stores.incidents.get(id)).toMatchObject({
      hostname: "laptop-7",
      mac: "aa:bb",
      eventCount: 3,
      severity: "critical",
      repeatEscalated: true,
    });
    expect(stores.incidents.totals()).toEqual({ incidents: 1, events: 3 });
  });

  it("keeps an append-only record: entries in order, and the database refuses to edit one", () => {
    const temp = openTempStores();
    stores = temp.stores;
    seedAgent(stores);
    const id = raise();
    const first = stores.incidents.appendEntry(id, "2026-11-23T09:01", "dsl@school", "note", { text: "seen" });
    stores.incidents.appendEntry(id, "2026-11-23T09:02", "dsl@school", "correction", { ofSeq: first });
    expect(stores.incidents.entries(id).map((e) => [e.seq, e.kind, e.by, e.body])).toEqual([
      [first, "note", "dsl@school", { text: "seen" }],
      [first + 1, "correction", "dsl@school", { ofSeq: first }],
    ]);
    expect(() => stores.incidents.appendEntry(999, "now", "x", "note", {})).toThrow(
      /FOREIGN KEY|foreign key constraint/,
    );
    const inspector = openSqlInspector(temp.file);
    expect(() => inspector.exec(`UPDATE incident_entries SET body = '{}' WHERE seq = ${first}`)).toThrow(/append-only/);
    inspector.close();
  });

  it("lists by site, state, severity and category, newest first, a page at a time", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    seedAgent(stores, "school-b");
    const a = raise();
    const b = raise({ category: "adult", severity: "low" });
    const c = raise({ siteId: "school-b" });
    stores.incidents.setState(a, "closed");
    const ids = (filter: Partial<Parameters<HubStores["incidents"]["list"]>[0]>) =>
      stores.incidents.list({ sites: null, limit: 10, ...filter }).map((i) => i.id);
    expect(ids({})).toEqual([c, b, a]);
    expect(ids({ sites: ["school-a"] })).toEqual([b, a]);
    expect(ids({ sites: [] })).toEqual([]);
    expect(ids({ states: ["new"] })).toEqual([c, b]);
    expect(ids({ severities: ["low"] })).toEqual([b]);
    expect(ids({ category: "self-harm" })).toEqual([c, a]);
    expect(ids({ beforeId: c, limit: 1 })).toEqual([b]);
  });

  it("finds the open incidents seen lately, and every incident of one client", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const old = raise({ lastSeen: "2026-11-01T00:00:00.000Z" });
    const recent = raise({ mac: "aa:bb" });
    const closed = raise();
    stores.incidents.setState(closed, "false-positive");
    stores.incidents.setSeverity(recent, "critical");
    expect(stores.incidents.recentOpen("2026-11-20").map((i) => i.id)).toEqual([recent]);
    expect(stores.incidents.byClient("aa:bb").map((i) => [i.id, i.severity])).toEqual([[recent, "critical"]]);
    expect(stores.incidents.byClient("10.0.0.7").map((i) => i.id)).toEqual([old, recent, closed]);
  });
});
