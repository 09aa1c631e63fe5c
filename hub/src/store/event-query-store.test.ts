import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

function seed(): void {
  ({ stores } = openTempStores());
  seedAgent(stores);
  seedAgent(stores, "school-b");
  stores.events.insert(
    [
      storedEvent({ id: "a1", time: "2026-11-23T09:00:00.000Z" }),
      storedEvent({ id: "a2", time: "2026-11-23T09:05:00.000Z", hostname: "laptop-7" }),
      storedEvent({ id: "a3", time: "2026-11-23T09:10:00.000Z", clientAddress: "10.0.0.8", group: "staff" }),
      storedEvent({
        id: "a4",
        time: "2026-11-23T09:15:00.000Z",
        outcome: "resolved",
        categories: [],
        monitored: ["dating"],
      }),
      storedEvent({ id: "b1", siteId: "school-b", agentId: "school-b-gw", time: "2026-11-23T09:20:00.000Z" }),
    ],
    "2026-11-23T09:30:00.000Z",
    new Map([["a2", 7]]),
  );
}
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("EventQueryStore", () => {
  it("searches newest first, by sites, group, outcome, client and category (blocking or monitored)", () => {
    seed();
    const search = (filter: object) => ids(stores.eventQueries.search({ sites: null, limit: 10, ...filter }));
    expect(search({})).toEqual(["b1", "a4", "a3", "a2", "a1"]);
    expect(search({ sites: ["school-b"] })).toEqual(["b1"]);
    expect(search({ sites: [] })).toEqual([]);
    expect(search({ site: "school-a", group: "staff" })).toEqual(["a3"]);
    expect(search({ outcome: "resolved" })).toEqual(["a4"]);
    expect(search({ client: "laptop-7" })).toEqual(["a2"]);
    expect(search({ category: "dating" })).toEqual(["a4"]);
    expect(search({ from: "2026-11-23T09:05", to: "2026-11-23T09:15" })).toEqual(["a3", "a2"]);
  });

  it("pages by (time, id), newest first", () => {
    seed();
    const first = stores.eventQueries.search({ sites: null, limit: 2 });
    const last = first[first.length - 1] as { time: string; id: string };
    expect(ids(stores.eventQueries.search({ sites: null, limit: 2, before: last }))).toEqual(["a3", "a2"]);
  });

  it("finds one client's context, an incident's events, and everything about a client", () => {
    seed();
    const context = stores.eventQueries.context("school-a", "10.0.0.7", "2026-11-23T08:00", "2026-11-23T10:00", 10);
    expect(ids(context)).toEqual(["a1", "a2", "a4"]);
    const incident = {
      id: 7,
      siteId: "school-a",
      clientAddress: "10.0.0.7",
      firstSeen: "2026-11-23T09:00:00.000Z",
      lastSeen: "2026-11-23T09:15:00.000Z",
    };
    expect(ids(stores.eventQueries.ofIncident(incident, 10))).toEqual(["a2"]);
    expect(ids(stores.eventQueries.byClient("10.0.0.8"))).toEqual(["a3"]);
  });

  it("finds a client's events within the given sites only, oldest first", () => {
    seed();
    expect(ids(stores.eventQueries.byClient("10.0.0.7"))).toEqual(["a1", "a2", "a4", "b1"]);
    expect(ids(stores.eventQueries.byClient("10.0.0.7", ["school-b"]))).toEqual(["b1"]);
    expect(ids(stores.eventQueries.byClient("laptop-7", ["school-a", "school-b"]))).toEqual(["a2"]);
    expect(ids(stores.eventQueries.byClient("10.0.0.7", ["school-c"]))).toEqual([]);
    expect(ids(stores.eventQueries.byClient("10.0.0.7", []))).toEqual([]);
  });

  it("finds a name's latest look-up at a site, day by day, and nothing for a name never looked up", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    seedAgent(stores, "school-b");
    const at = (id: string, time: string, more: object = {}) => storedEvent({ id, time, name: "x.example", ...more });
    stores.events.insert(
      [
        at("day-1", "2026-11-21T09:00:00.000Z"),
        at("day-3-early", "2026-11-23T00:00:00.000Z"),
        at("day-3-late", "2026-11-23T23:59:59.999Z", { categories: ["games"] }),
        at("day-3-other-name", "2026-11-23T23:59:59.999Z", { name: "y.example" }),
        at("day-4-other-site", "2026-11-24T09:00:00.000Z", { siteId: "school-b", agentId: "school-b-gw" }),
      ],
      "2026-11-24T10:00:00.000Z",
    );
    expect(stores.eventQueries.latestOfName("school-a", "x.example")).toMatchObject({
      id: "day-3-late",
      categories: ["games"],
    });
    expect(stores.eventQueries.latestOfName("school-b", "x.example")?.id).toBe("day-4-other-site");
    expect(stores.eventQueries.latestOfName("school-a", "z.example")).toBeUndefined();
    stores.events.insert([at("day-4", "2026-11-24T00:00:00.000Z")], "2026-11-24T10:00:00.000Z");
    expect(stores.eventQueries.latestOfName("school-a", "x.example")?.id).toBe("day-4");
  });
});
