import { describe, expect, it } from "vitest";
import { checkItem } from "../testing/check-hub.ts";
import { DEFAULT_CHECK_SCHEDULE } from "./check-canary-store.ts";
import type { NewCheckRun } from "./filter-check-store.ts";
import { openSeededStores, seedAgent } from "./temp-stores.ts";

const run = (overrides: Partial<NewCheckRun> = {}): NewCheckRun => ({
  ...{ id: "run-0001", siteId: "school-a", agentId: "school-a-gw", trigger: "schedule" },
  ...{ slot: "2026-12-07T10:00:00.000Z", requestedBy: null, requestedAt: "2026-12-07T10:00:30.000Z" },
  ...overrides,
});
const answer = { status: "failed" as const, finishedAt: "2026-12-07T10:02:00.000Z", listsVersion: "v1" };

describe("FilterCheckStore (a real SQLite file)", () => {
  it("keeps one run per agent and scheduled slot; runs on demand have none", () => {
    const stores = openSeededStores();
    expect(stores.filterChecks.insert(run())).toBe(true);
    expect(stores.filterChecks.insert(run({ id: "run-0002" }))).toBe(false);
    expect(stores.filterChecks.insert(run({ id: "run-0003", trigger: "demand", slot: null }))).toBe(true);
    expect(stores.filterChecks.insert(run({ id: "run-0004", trigger: "demand", slot: null }))).toBe(true);
    expect(stores.filterChecks.open("school-a-gw", 20).map((r) => r.id)).toEqual(["run-0001", "run-0003", "run-0004"]);
    expect(stores.filterChecks.open("school-a-gw", 2)).toHaveLength(2);
  });

  it("answers an open run once, with its items as JSON; a missed run takes no answer", () => {
    const stores = openSeededStores();
    stores.filterChecks.insert(run());
    stores.filterChecks.insert(run({ id: "run-0002", slot: null, requestedAt: "2026-12-07T07:00:00.000Z" }));
    const items = [checkItem({ pass: false, outcome: "resolved" })];
    const untested = [{ group: "students", category: "gambling", why: "no-canary" as const }];
    expect(stores.filterChecks.answer("run-0001", { ...answer, items, untested, failedCount: 1 })).toBe(true);
    expect(stores.filterChecks.answer("run-0001", { ...answer, items: [], untested: [], failedCount: 0 })).toBe(false);
    expect(stores.filterChecks.get("run-0001")).toMatchObject({ status: "failed", items, untested, failedCount: 1 });
    expect(stores.filterChecks.expire("2026-12-07T09:00:00.000Z", "2026-12-07T10:05:00.000Z")).toBe(1);
    expect(stores.filterChecks.get("run-0002")).toMatchObject({
      status: "missed",
      finishedAt: "2026-12-07T10:05:00.000Z",
    });
    expect(stores.filterChecks.answer("run-0002", { ...answer, items: [], untested: [], failedCount: 0 })).toBe(false);
  });

  it("claims a failed run's alert once", () => {
    const stores = openSeededStores();
    stores.filterChecks.insert(run());
    stores.filterChecks.answer("run-0001", { ...answer, items: [], untested: [], failedCount: 1 });
    expect(stores.filterChecks.alertsDue().map((r) => r.id)).toEqual(["run-0001"]);
    expect(stores.filterChecks.claimAlert("run-0001")).toBe(true);
    expect(stores.filterChecks.claimAlert("run-0001")).toBe(false);
    expect(stores.filterChecks.alertsDue()).toEqual([]);
  });

  it("lists a site's runs in a period and purges those older than retention", () => {
    const stores = openSeededStores();
    seedAgent(stores, "school-b");
    stores.filterChecks.insert(run());
    stores.filterChecks.insert(run({ id: "run-b", siteId: "school-b", agentId: "school-b-gw" }));
    stores.filterChecks.insert(run({ id: "run-old", slot: null, requestedAt: "2023-01-01T00:00:00.000Z" }));
    expect(stores.filterChecks.between("school-a", "2026-12-07", "2026-12-08").map((r) => r.id)).toEqual(["run-0001"]);
    expect(stores.filterChecks.purgeBefore("2024-01-01")).toBe(1);
    expect(stores.filterChecks.ofSite("school-a", 10).map((r) => r.id)).toEqual(["run-0001"]);
  });
});

describe("CheckCanaryStore (a real SQLite file)", () => {
  it("keeps a name once per site and category, counts per category", () => {
    const stores = openSeededStores();
    const canary = { siteId: "school-a", category: "terrorism", name: "c.test", addedBy: "dsl", addedAt: "2026-12-07" };
    const id = stores.checkCanaries.add(canary);
    expect(id).not.toBeNull();
    expect(stores.checkCanaries.add(canary)).toBeNull();
    expect(stores.checkCanaries.add({ ...canary, category: "child-abuse" })).not.toBeNull();
    expect(stores.checkCanaries.countIn("school-a", "terrorism")).toBe(1);
    expect(stores.checkCanaries.remove(id as number)).toBe(true);
    expect(stores.checkCanaries.ofSite("school-a").map((k) => k.category)).toEqual(["child-abuse"]);
  });

  it("a site without a schedule gets Monday to Friday at 10:00; a saved one replaces it", () => {
    const stores = openSeededStores();
    expect(stores.checkCanaries.schedule("school-a")).toEqual(DEFAULT_CHECK_SCHEDULE);
    stores.checkCanaries.setSchedule("school-a", { days: [3], time: "08:15", enabled: false }, "ict", "2026-12-07");
    expect(stores.checkCanaries.schedule("school-a")).toEqual({ days: [3], time: "08:15", enabled: false });
  });
});
