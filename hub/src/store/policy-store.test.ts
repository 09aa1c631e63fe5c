import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openSeededStores, openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

describe("PolicyStore", () => {
  it("versions a site's policy and logs each change with the body it replaced", () => {
    stores = openSeededStores();
    expect(stores.policies.current("school-a")).toBeUndefined();
    expect(stores.policies.replace("school-a", "{1}", { at: "2026-11-01", by: "ict", reason: "first" })).toBe(1);
    expect(stores.policies.replace("school-a", "{2}", { at: "2026-11-02", by: "dsl", reason: "second" })).toBe(2);
    expect(stores.policies.current("school-a")).toEqual({ version: 2, body: "{2}" });
    expect(stores.policies.changes("school-a", 10)).toEqual([
      { seq: 2, at: "2026-11-02", changedBy: "dsl", reason: "second", oldBody: "{1}", newBody: "{2}" },
      { seq: 1, at: "2026-11-01", changedBy: "ict", reason: "first", oldBody: null, newBody: "{1}" },
    ]);
    expect(stores.policies.changes("school-a", 1)).toHaveLength(1);
    // Many sites' at once: only those with a policy.
    const current = stores.policies.currentOf(["school-a", "nowhere"]);
    expect([...current]).toEqual([["school-a", { version: 2, body: "{2}" }]]);
  });

  it("refuses a policy for a site that does not exist, and logs nothing", () => {
    ({ stores } = openTempStores());
    expect(() => stores.policies.replace("nowhere", "{}", { at: "2026-11-01", by: "ict", reason: "x" })).toThrow(
      /FOREIGN KEY|foreign key constraint/,
    );
    expect(stores.policies.current("nowhere")).toBeUndefined();
    expect(stores.policies.changes("nowhere", 10)).toEqual([]);
  });
});
