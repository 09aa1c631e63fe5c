import { afterEach, describe, expect, it } from "vitest";
import { testStoreKind } from "../testing/test-stores.ts";
import type { HubStores } from "./open-stores.ts";
import { openSeededStores, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

describe("EventStore", () => {
  it("stores each event once and returns only the new ones", () => {
    stores = openSeededStores();
    const first = [storedEvent({ id: "e-1" }), storedEvent({ id: "e-2" })];
    expect(stores.events.insert(first, "2026-11-23T09:00:01Z").map((e) => e.id)).toEqual(["e-1", "e-2"]);
    const again = [storedEvent({ id: "e-2" }), storedEvent({ id: "e-3" })];
    expect(stores.events.insert(again, "2026-11-23T09:00:02Z").map((e) => e.id)).toEqual(["e-3"]);
    expect(stores.events.count("school-a")).toBe(3);
    expect(stores.events.count("school-b")).toBe(0);
  });

  it("keeps every field, the incident it belongs to and when it was received", () => {
    stores = openSeededStores();
    const event = storedEvent({ hostname: "laptop-7", mac: "aa:bb", locked: true, monitored: ["dating"] });
    stores.events.insert([event], "2026-11-23T09:00:01Z", new Map([["e-1", 42]]));
    const [row] = stores.eventQueries.search({ sites: null, limit: 10 });
    expect(row).toEqual({ ...event, receivedAt: "2026-11-23T09:00:01Z", incidentId: 42 });
  });

  it("tells which events of a batch are not stored yet, each once", () => {
    stores = openSeededStores();
    stores.events.insert([storedEvent({ id: "e-1" })], "2026-11-23T09:00:01Z");
    const batch = ["e-1", "e-2", "e-2", "e-3"].map((id) => storedEvent({ id }));
    expect(stores.events.unseen(batch).map((e) => e.id)).toEqual(["e-2", "e-3"]);
  });

  it("adds what it stores to the rollups and the stored count, and nothing of duplicates", () => {
    stores = openSeededStores();
    const before = stores.reportData.dataVersion();
    stores.events.insert([storedEvent({ id: "e-1" }), storedEvent({ id: "e-2" })], "2026-11-23T09:00:01Z");
    stores.events.insert([storedEvent({ id: "e-2" })], "2026-11-23T09:00:02Z");
    const range = { sites: ["school-a"], from: "2026-11-23T00", to: "2026-11-24T00" };
    expect(stores.reportData.lookups(range, "category")).toEqual([{ key: "gambling", n: 2 }]);
    expect(stores.reportData.dataVersion()).not.toBe(before);
    expect(Number(stores.settings.get("events.stored"))).toBe(2);
  });

  it.each(["insert", "insertUnseen"] as const)("stores none of a batch when one event cannot be stored (%s)", (way) => {
    stores = openSeededStores();
    // The second event fails as each store fails it (SQLite checks the agent; PostgreSQL does not,
    // but refuses a look-up type that is not a number): the first is not stored either.
    const broken = testStoreKind() === "sqlite" ? { agentId: "unknown-agent" } : { qtype: "AAAA" as unknown as number };
    const batch = [storedEvent({ id: "e-1" }), storedEvent({ id: "e-2", ...broken })];
    expect(() => stores.events[way](batch, "2026-11-23T09:00:01Z")).toThrow(/FOREIGN KEY|invalid input syntax/);
    expect(stores.events.count("school-a")).toBe(0);
    expect(stores.settings.get("events.stored")).toBeUndefined();
    expect(stores.reportData.lookups({ sites: ["school-a"], from: "2026", to: "2027" }, "outcome")).toEqual([]);
  });

  it("stores the first of a batch's repeated ids only, and counts it once", () => {
    stores = openSeededStores();
    const batch = [
      storedEvent({ id: "e-1", name: "first.example" }),
      storedEvent({ id: "e-1", name: "again.example" }),
      // The same id at another time (an agent's clock moved): still the same event.
      storedEvent({ id: "e-1", time: "2026-11-23T09:05:00.000Z" }),
      storedEvent({ id: "e-2" }),
    ];
    expect(stores.events.unseen(batch).map((e) => [e.id, e.name])).toEqual([
      ["e-1", "first.example"],
      ["e-2", "casino.example"],
    ]);
    expect(stores.events.insert(batch, "2026-11-23T09:00:01Z").map((e) => [e.id, e.name])).toEqual([
      ["e-1", "first.example"],
      ["e-2", "casino.example"],
    ]);
    expect(stores.events.count("school-a")).toBe(2);
    expect(Number(stores.settings.get("events.stored"))).toBe(2);
    expect(stores.eventQueries.search({ sites: null, limit: 10 }).map((e) => e.name)).not.toContain("again.example");
  });

  it("skips events stored before, at the same time or another, and stores the rest of the batch", () => {
    stores = openSeededStores();
    stores.events.insert([storedEvent({ id: "e-1" }), storedEvent({ id: "e-2" })], "2026-11-23T09:00:01Z");
    const again = [
      storedEvent({ id: "e-1" }),
      storedEvent({ id: "e-2", time: "2026-11-23T09:30:00.000Z" }),
      storedEvent({ id: "e-3" }),
    ];
    expect(stores.events.unseen(again).map((e) => e.id)).toEqual(["e-3"]);
    expect(stores.events.insert(again, "2026-11-23T09:00:02Z").map((e) => e.id)).toEqual(["e-3"]);
    expect(stores.events.count("school-a")).toBe(3);
    expect(Number(stores.settings.get("events.stored"))).toBe(3);
  });

  it("stores what unseen found without looking it up again; a re-send at the same time still meets the key", () => {
    stores = openSeededStores();
    stores.events.insert([storedEvent({ id: "e-1" }), storedEvent({ id: "e-2" })], "2026-11-23T09:00:01Z");
    const batch = [
      storedEvent({ id: "e-2", time: "2026-11-23T09:30:00.000Z" }),
      storedEvent({ id: "e-3" }),
      storedEvent({ id: "e-3", name: "again.example" }),
    ];
    stores.events.prepareMonths(batch, "2026-11-23T09:00:02Z");
    const fresh = stores.events.unseen(batch);
    expect(stores.events.insertUnseen(fresh, "2026-11-23T09:00:02Z").map((e) => [e.id, e.name])).toEqual([
      ["e-3", "casino.example"],
    ]);
    expect(stores.events.insertUnseen([storedEvent({ id: "e-1" })], "2026-11-23T09:00:03Z")).toEqual([]);
    expect(stores.events.count("school-a")).toBe(3);
    expect(Number(stores.settings.get("events.stored"))).toBe(3);
  });

  it("keeps text with backslashes, tabs, line ends and a literal \\N as it came, among events unseen found", () => {
    stores = openSeededStores();
    const awkward = "a\\b\tc\nd\re \\N \\. 'q' \"q\" 漢字 \u0001";
    const batch = [
      storedEvent({ id: "e-1", hostname: awkward, mac: "\\N", rule: "\\.", list: null }),
      storedEvent({
        id: "e-2",
        group: awkward,
        listVersion: awkward,
        categories: ["gambling", awkward],
        monitored: [awkward],
      }),
    ];
    stores.events.prepareMonths(batch, "2026-11-23T09:00:01Z");
    const stored = stores.events.insertUnseen(
      stores.events.unseen(batch),
      "2026-11-23T09:00:01Z",
      new Map([["e-2", 7]]),
    );
    expect(stored.map((e) => e.id)).toEqual(["e-1", "e-2"]);
    const rows = stores.eventQueries.search({ sites: null, limit: 10 });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get("e-1")).toEqual({ ...batch[0], receivedAt: "2026-11-23T09:00:01Z", incidentId: null });
    expect(byId.get("e-2")).toEqual({ ...batch[1], receivedAt: "2026-11-23T09:00:01Z", incidentId: 7 });
  });

  it("stores a batch spanning months (partitions on PostgreSQL), and knows its events afterwards", () => {
    stores = openSeededStores();
    const batch = [
      storedEvent({ id: "nov", time: "2026-11-30T23:59:59.000Z" }),
      storedEvent({ id: "dec", time: "2026-12-01T00:00:00.000Z" }),
      storedEvent({ id: "march", time: "2026-03-15T12:00:00.000Z" }),
    ];
    expect(stores.events.insert(batch, "2026-12-01T00:00:01Z").map((e) => e.id)).toEqual(["nov", "dec", "march"]);
    expect(stores.events.count("school-a")).toBe(3);
    expect(stores.events.unseen(batch)).toEqual([]);
    const months = (from: string, to: string) =>
      stores.reportData.lookups({ sites: ["school-a"], from, to }, "outcome")[0]?.n;
    expect([months("2026-11", "2026-12"), months("2026-12", "2027-01"), months("2026-03", "2026-04")]).toEqual([
      1, 1, 1,
    ]);
  });
});
