import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openSeededStores, openTempStores, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

describe("openHubStores", () => {
  it("runs a unit of work across stores: all of it is kept", () => {
    stores = openSeededStores();
    stores.transaction(() => {
      stores.events.insert([storedEvent()], "2026-11-23T09:00:01Z");
      stores.policies.replace("school-a", "{}", { at: "2026-11-23", by: "ict", reason: "r" });
    });
    expect(stores.events.count("school-a")).toBe(1);
    expect(stores.policies.current("school-a")?.version).toBe(1);
  });

  it("rolls the whole unit back when any part throws, including the stores' own transactions inside it", () => {
    stores = openSeededStores();
    expect(() =>
      stores.transaction(() => {
        stores.events.insert([storedEvent()], "2026-11-23T09:00:01Z");
        stores.policies.replace("school-a", "{}", { at: "2026-11-23", by: "ict", reason: "r" });
        stores.settings.set("half-done", "yes");
        throw new Error("the audit record could not be written");
      }),
    ).toThrow(/audit record/);
    expect(stores.events.count("school-a")).toBe(0);
    expect(stores.policies.current("school-a")).toBeUndefined();
    expect(stores.policies.changes("school-a", 10)).toEqual([]);
    expect(stores.settings.get("half-done")).toBeUndefined();
  });

  it("joins nested units of work to the outer one", () => {
    ({ stores } = openTempStores());
    expect(() =>
      stores.transaction(() => {
        stores.transaction(() => stores.settings.set("inner", "yes"));
        throw new Error("outer fails");
      }),
    ).toThrow(/outer fails/);
    expect(stores.settings.get("inner")).toBeUndefined();
  });
});
