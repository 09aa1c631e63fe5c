import { describe, expect, it } from "vitest";
import { DURATION_BUCKETS, QueryTally } from "./query-tally.ts";

describe("query tally", () => {
  it("counts per outcome, label and group, and adds counts from elsewhere", () => {
    const tally = new QueryTally();
    tally.count("blocked", "adult", "students");
    tally.count("blocked", "adult", "students");
    tally.count("blocked", "adult", "staff");
    tally.count("resolved", "udp://x", "students", 5);
    const cells = [...tally.cells()].map((c) => `${c.outcome}/${c.label}/${c.group}=${c.count}`).sort();
    expect(cells).toEqual(["blocked/adult/staff=1", "blocked/adult/students=2", "resolved/udp://x/students=5"]);
  });

  it("puts each duration in the first bucket whose bound it does not exceed", () => {
    const tally = new QueryTally();
    for (const seconds of [0.00005, 0.0001, 0.0002, 0.003, 5]) tally.time("cached", seconds);
    const cell = tally.durationsByOutcome().get("cached");
    expect(cell?.count).toBe(5);
    expect(cell?.sum).toBeCloseTo(5.00335, 6);
    const buckets = [...(cell?.buckets ?? [])];
    expect(buckets).toHaveLength(DURATION_BUCKETS.length + 1);
    expect(buckets[0]).toBe(2); // ≤ 0.0001
    expect(buckets[1]).toBe(1); // ≤ 0.0005
    expect(buckets[3]).toBe(1); // ≤ 0.005
    expect(buckets.at(-1)).toBe(1); // +Inf
  });
});
