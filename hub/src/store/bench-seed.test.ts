import { describe, expect, it } from "vitest";
import { seedReportDataset } from "./bench-seed.ts";
import { openDatabase } from "./open-database.ts";
import { openHubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

describe("seedReportDataset", () => {
  it("writes a small dataset the stores read as ingest would have left it", () => {
    const { stores: fresh, file } = openTempStores();
    fresh.close();
    const indexes = () => {
      const db = openDatabase(file);
      const sql = db
        .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events'")
        .pluck()
        .all();
      db.close();
      return sql;
    };
    const ingestIndexes = indexes();
    expect(ingestIndexes.length).toBeGreaterThan(2);
    const end = Date.parse("2026-11-23T00:00:00Z");
    const start = end - 7 * 86_400_000;
    seedReportDataset(file, { events: 1000, incidents: 10, start, end });
    const stores = openHubStores(file);
    expect(stores.events.count("bench")).toBe(1000);
    expect(stores.incidents.totals().incidents).toBe(10);
    const range = { sites: ["bench"], from: new Date(start).toISOString(), to: new Date(end).toISOString() };
    const flagged = stores.reportData.lookups(range, "outcome").reduce((sum, row) => sum + Number(row.n), 0);
    expect(flagged).toBe(1000);
    expect(stores.reportData.heartbeats(range)).toHaveLength(7 * 1440);
    expect(stores.reportData.dataVersion()).toMatch(/^events#1000 /);
    stores.close();
    // The indexes the seed builds after loading are those ingest writes into.
    expect(indexes().sort()).toEqual([...ingestIndexes].sort());
  });
});
