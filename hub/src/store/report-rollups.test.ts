import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupsBy, lookupsByMonth } from "../reports/lookup-counts.ts";
import type { StoredEvent } from "./event-store.ts";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
const CATEGORIES = ["gambling", "adult", "games"];
/** An event every 3 hours from mid-June to mid-October (one at 23:00 on 30 June), its outcome and category in turn. */
const EVENTS: StoredEvent[] = [];
for (let t = Date.parse("2026-06-15T02:00:00Z"), n = 0; t < Date.parse("2026-10-15T00:00:00Z"); t += 3 * 3_600_000, n++)
  EVENTS.push(
    storedEvent({
      id: `e-${n}`,
      time: new Date(t).toISOString(),
      outcome: n % 4 === 0 ? "circumvention" : "blocked",
      categories: [CATEGORIES[n % 3] as string],
    }),
  );

beforeAll(() => {
  ({ stores } = openTempStores());
  seedAgent(stores);
  for (let i = 0; i < EVENTS.length; i += 50) stores.events.insert(EVENTS.slice(i, i + 50), EVENTS[i]?.time as string);
});
afterAll(() => stores.close());

/** The counts of the events in [from, to) with the outcome, by a key of each. */
function counted(from: string, to: string, outcome: string, key: (e: StoredEvent) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of EVENTS)
    if (e.time >= from && e.time < to && e.outcome === outcome) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  return counts;
}
const asMap = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [String(r.key), Number(r.n)]));

describe("report figures from the monthly and hourly rollups", () => {
  // A quarter from a British midnight in summer (23:00 UTC): an hour of June, July and August whole, September less an hour.
  const quarter = { sites: ["school-a"], from: "2026-06-30T23:00:00.000Z", to: "2026-09-30T23:00:00.000Z" };
  const week = { sites: ["school-a"], from: "2026-07-27T23:00:00.000Z", to: "2026-08-03T23:00:00.000Z" };
  // Read as August less its hours at either end.
  const mostOfAMonth = { sites: ["school-a"], from: "2026-08-02T05:00:00.000Z", to: "2026-08-30T20:00:00.000Z" };

  it.each([
    ["a quarter", quarter],
    ["a week across a month's end", week],
    ["most of a month", mostOfAMonth],
  ])("counts %s by category as the events do", (_, range) => {
    for (const outcome of ["blocked", "circumvention"])
      expect(asMap(stores.reportData.lookups(range, "category", outcome))).toEqual(
        counted(range.from, range.to, outcome, (e) => e.categories[0] as string),
      );
  });

  it("counts a quarter's blocked look-ups per calendar month as the events do, in month order", () => {
    const rows = stores.reportData.monthly(quarter, "blocked");
    expect(rows.map((r) => r.key)).toEqual(["2026-06", "2026-07", "2026-08", "2026-09"]);
    expect(asMap(rows)).toEqual(counted(quarter.from, quarter.to, "blocked", (e) => e.time.slice(0, 7)));
  });

  it("gives the same figures in one pass, by month, outcome, group and category", () => {
    for (const range of [quarter, week, mostOfAMonth]) {
      const counts = stores.reportData.lookupCounts(range);
      for (const outcome of ["blocked", "circumvention"]) {
        expect(lookupsBy(counts, "category", outcome)).toEqual(
          stores.reportData.lookups(range, "category", outcome).map((r) => ({ key: r.key, n: Number(r.n) })),
        );
        expect(lookupsByMonth(counts, outcome)).toEqual(
          stores.reportData.monthly(range, outcome).map((r) => ({ key: r.key, n: Number(r.n) })),
        );
      }
    }
  });
});
