import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const AT = "2026-11-02T02:00:00.000Z";

describe("the coverage history store", () => {
  it("sums recorded and covered days per category, for one site or for several in one read", () => {
    ({ stores } = openTempStores());
    for (const id of ["school-a", "school-b", "school-c"]) stores.fleet.createSite(id, id, AT);
    const day = (covered: boolean) => [
      { category: "adult", covered, entries: 10 },
      { category: "gambling", covered: true, entries: 5 },
    ];
    stores.coverageHistory.record("school-a", "2026-11-01", day(true), AT);
    stores.coverageHistory.record("school-a", "2026-11-02", day(false), AT);
    stores.coverageHistory.record("school-a", "2026-11-09", day(false), AT);
    stores.coverageHistory.record("school-b", "2026-11-02", day(true), AT);
    const a = [
      { category: "adult", recorded: 2, covered: 1, firstDay: "2026-11-01" },
      { category: "gambling", recorded: 2, covered: 2, firstDay: "2026-11-01" },
    ];
    expect(stores.coverageHistory.days("school-a", "2026-11-01", "2026-11-07")).toEqual(a);
    const all = stores.coverageHistory.daysAtSites(["school-a", "school-b", "school-c"], "2026-11-01", "2026-11-07");
    expect([...all.keys()]).toEqual(["school-a", "school-b"]);
    expect(all.get("school-a")).toEqual(a);
    expect(all.get("school-b")).toEqual([
      { category: "adult", recorded: 1, covered: 1, firstDay: "2026-11-02" },
      { category: "gambling", recorded: 1, covered: 1, firstDay: "2026-11-02" },
    ]);
    expect(stores.coverageHistory.days("school-c", "2026-11-01", "2026-11-07")).toEqual([]);
  });
});
