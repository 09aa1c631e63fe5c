import { describe, expect, it } from "vitest";
import { checkResultSchema, meetsExpectation, resultPassed } from "./filter-check.ts";

describe("filtering check contract", () => {
  it("judges each expectation by the resolver's outcome", () => {
    expect(meetsExpectation("blocked", "blocked")).toBe(true);
    expect(meetsExpectation("blocked", "resolved")).toBe(false);
    expect(meetsExpectation("rewritten", "safesearch")).toBe(true);
    expect(meetsExpectation("rewritten", "resolved")).toBe(false);
    expect(meetsExpectation("refused", "circumvention")).toBe(true);
    expect(meetsExpectation("not-blocked", "cached")).toBe(true);
    expect(meetsExpectation("not-blocked", "blocked")).toBe(false);
    expect(meetsExpectation("not-blocked", "timeout")).toBe(false);
  });

  it("fails a run with any failed item", () => {
    const item = {
      ...{ group: "students", kind: "category" as const, category: "adult", name: "a.example", canary: false },
      expected: "blocked" as const,
    };
    expect(resultPassed({ items: [{ ...item, outcome: "blocked" as const, pass: true }] })).toBe(true);
    expect(resultPassed({ items: [{ ...item, outcome: "resolved" as const, pass: false }] })).toBe(false);
  });

  it("refuses a result with an unknown outcome or kind", () => {
    const base = { schemaVersion: 1, startedAt: "x", finishedAt: "y", listsVersion: "v", untested: [] };
    const item = { group: "g", kind: "category", category: "adult", name: "a", canary: false, expected: "blocked" };
    expect(checkResultSchema.safeParse({ ...base, items: [{ ...item, outcome: "blocked", pass: true }] }).success).toBe(
      true,
    );
    expect(checkResultSchema.safeParse({ ...base, items: [{ ...item, outcome: "maybe", pass: true }] }).success).toBe(
      false,
    );
    expect(
      checkResultSchema.safeParse({ ...base, items: [{ ...item, kind: "other", outcome: "blocked", pass: true }] })
        .success,
    ).toBe(false);
  });
});
