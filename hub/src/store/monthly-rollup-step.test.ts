import { afterEach, describe, expect, it } from "vitest";
import { openDatabaseBeforeStep } from "../testing/test-stores.ts";

let step: ReturnType<typeof openDatabaseBeforeStep> | undefined;
afterEach(() => step?.close());

describe("schema step 24 (the monthly rollup)", () => {
  it("adds up the hourly rollup kept from before by site, month, group, outcome and category", () => {
    step = openDatabaseBeforeStep({ sqlite: 23, postgres: 2 });
    const insert = step.db.prepare(
      "INSERT INTO rollup_events (site_id, hour, client_group, outcome, category, lookups) VALUES (?, ?, ?, ?, ?, ?)",
    );
    insert.run("school-a", "2026-06-30T23", "students", "blocked", "adult", 1);
    insert.run("school-a", "2026-07-01T00", "students", "blocked", "adult", 2);
    insert.run("school-a", "2026-07-31T23", "students", "blocked", "adult", 3);
    insert.run("school-a", "2026-07-10T10", "staff", "blocked", "adult", 4);
    insert.run("school-b", "2026-07-10T10", "students", "blocked", "adult", 5);
    step.migrateToNewest();
    const rows = step.db
      .prepare("SELECT site_id, month, client_group, outcome, category, lookups FROM rollup_months ORDER BY 1, 2, 3")
      .all()
      .map((r) => Object.values(r as object).map((v) => (typeof v === "string" ? v : Number(v))));
    expect(rows).toEqual([
      ["school-a", "2026-06", "students", "blocked", "adult", 1],
      ["school-a", "2026-07", "staff", "blocked", "adult", 4],
      ["school-a", "2026-07", "students", "blocked", "adult", 5],
      ["school-b", "2026-07", "students", "blocked", "adult", 5],
    ]);
  });
});
