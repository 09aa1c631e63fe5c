import { describe, expect, it } from "vitest";
import { identityRows } from "../testing/identity-rows.ts";
import { openTempStores } from "./temp-stores.ts";

function setup() {
  const { stores, file } = openTempStores();
  for (const id of ["school-a", "school-b"]) stores.fleet.createSite(id, id, "2026-11-01T00:00:00.000Z");
  const rows = identityRows(file);
  const zoe = rows.person("school-a", { displayName: "Zoe", yearGroup: "Year 11" });
  const amy = rows.person("school-a", { displayName: "Amy" });
  const bea = rows.person("school-b", { displayName: "Bea" });
  rows.close();
  const watch = (personId: number, reviewOn: string, reason = "a reason") =>
    stores.personWatch.set({ personId, reason, reviewOn, setBy: "dsl", setAt: "2026-11-02T09:00:00.000Z" });
  return { stores, zoe, amy, bea, watch };
}

describe("the watch list store", () => {
  it("keeps one watch per person: setting again replaces it, removing ends it once", () => {
    const { stores, zoe, watch } = setup();
    watch(zoe, "2026-12-01", "first");
    watch(zoe, "2026-12-08", "second");
    expect(stores.personWatch.get(zoe)).toMatchObject({ reason: "second", reviewOn: "2026-12-08", setBy: "dsl" });
    expect(stores.personWatch.remove(zoe)).toBe(true);
    expect(stores.personWatch.remove(zoe)).toBe(false);
    expect(stores.personWatch.get(zoe)).toBeUndefined();
  });

  it("lists the watched at the given sites only, soonest review first, with their names", () => {
    const { stores, zoe, amy, bea, watch } = setup();
    watch(zoe, "2026-12-08");
    watch(amy, "2026-12-01");
    watch(bea, "2026-11-20");
    expect(stores.personWatch.atSites(["school-a"]).map((w) => [w.displayName, w.reviewOn, w.yearGroup])).toEqual([
      ["Amy", "2026-12-01", null],
      ["Zoe", "2026-12-08", "Year 11"],
    ]);
    expect(stores.personWatch.atSites([])).toEqual([]);
  });
});
