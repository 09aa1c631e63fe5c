import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());
const day = { sites: ["school-a"], from: "2026-11-23T00", to: "2026-11-24T00" };

describe("RollupStore", () => {
  it("counts events per hour, group, outcome and primary category, and names per day", () => {
    ({ stores } = openTempStores());
    stores.rollups.add([
      storedEvent({ id: "1" }),
      storedEvent({ id: "2", time: "2026-11-23T10:30:00.000Z" }),
      storedEvent({ id: "3", outcome: "resolved", categories: [], monitored: ["dating"], name: "date.example" }),
      storedEvent({ id: "4", group: "staff" }),
    ]);
    stores.rollups.add([storedEvent({ id: "5" })]);
    expect(stores.reportData.lookups(day, "outcome")).toEqual([
      { key: "blocked", n: 4 },
      { key: "resolved", n: 1 },
    ]);
    expect(stores.reportData.lookups(day, "category", "resolved")).toEqual([{ key: "dating", n: 1 }]);
    expect(stores.reportData.lookups(day, "client_group", "blocked")).toEqual([
      { key: "students", n: 3 },
      { key: "staff", n: 1 },
    ]);
    expect(stores.reportData.topNames(day, "blocked", 5)).toEqual([
      { name: "casino.example", category: "gambling", categories: "gambling", n: 4 },
    ]);
  });

  it("adds heartbeat look-up counts to the site's hour", () => {
    ({ stores } = openTempStores());
    const counts = [
      { group: "students", outcome: "resolved", label: "", n: 90 },
      { group: "students", outcome: "blocked", label: "adult", n: 10 },
    ];
    stores.rollups.addQueryCounts("school-a", "2026-11-23T09", counts);
    stores.rollups.addQueryCounts("school-a", "2026-11-23T09", counts);
    expect(stores.reportData.allLookups(day)).toEqual([
      { group: "students", outcome: "resolved", n: 180 },
      { group: "students", outcome: "blocked", n: 20 },
    ]);
  });

  it("adds a batch's look-ups of one name under the category it was first counted under", () => {
    ({ stores } = openTempStores());
    stores.rollups.add([storedEvent({ id: "1", categories: ["gambling"] })]);
    stores.rollups.add([
      storedEvent({ id: "2", categories: ["adult"] }),
      storedEvent({ id: "3", categories: ["gambling"] }),
      storedEvent({ id: "4", categories: ["adult"], name: "other.example" }),
      storedEvent({ id: "5", categories: ["gambling"], name: "other.example" }),
    ]);
    expect(stores.reportData.topNames(day, "blocked", 5)).toEqual([
      { name: "casino.example", category: "gambling", categories: "gambling", n: 3 },
      { name: "other.example", category: "adult", categories: "adult", n: 2 },
    ]);
    expect(stores.reportData.lookups(day, "category", "blocked")).toEqual([
      { key: "gambling", n: 3 },
      { key: "adult", n: 2 },
    ]);
  });

  it("reads the same names before and after their counts are folded, and folds each count once", () => {
    ({ stores } = openTempStores());
    const topNames = () => stores.reportData.topNames(day, "blocked", 5);
    stores.rollups.add([storedEvent({ id: "1", categories: ["gambling"] })]);
    stores.rollups.add([
      storedEvent({ id: "2", categories: ["adult"] }),
      storedEvent({ id: "3", categories: ["adult"], name: "other.example" }),
    ]);
    const unfolded = topNames();
    expect(unfolded).toEqual([
      { name: "casino.example", category: "gambling", categories: "gambling", n: 2 },
      { name: "other.example", category: "adult", categories: "adult", n: 1 },
    ]);
    stores.rollups.foldPendingNames();
    expect(topNames()).toEqual(unfolded);
    expect(stores.rollups.foldPendingNames()).toBe(0);
    // A count after the fold joins the folded row, under its category.
    stores.rollups.add([storedEvent({ id: "4", categories: ["proxy"] })]);
    const expected = [{ name: "casino.example", category: "gambling", categories: "gambling", n: 3 }, unfolded[1]];
    expect(topNames()).toEqual(expected);
    stores.rollups.foldPendingNames();
    expect(topNames()).toEqual(expected);
  });

  it("retention takes a day's names whether folded or not", () => {
    ({ stores } = openTempStores());
    stores.rollups.add([storedEvent({ id: "1" })]);
    stores.rollups.foldPendingNames();
    stores.rollups.add([storedEvent({ id: "2", name: "other.example" })]);
    stores.retention.purgeAggregates("2026-11-24T00:00:00.000Z");
    expect(stores.reportData.topNames(day, "blocked", 5)).toEqual([]);
  });
});
