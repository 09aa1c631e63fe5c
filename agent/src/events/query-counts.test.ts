import { describe, expect, it } from "vitest";
import { QueryCounts } from "./query-counts.ts";

describe("QueryCounts", () => {
  it("counts per outcome, group and label, totals per outcome, and starts afresh when taken", () => {
    const counts = new QueryCounts();
    counts.add("blocked", "students", "adult");
    counts.add("blocked", "students", "adult");
    counts.add("blocked", "staff", "adult");
    counts.add("resolved", "students", "udp://127.0.0.1:53", 5);
    const taken = counts.take();
    expect(taken.byOutcome).toEqual({ blocked: 3, resolved: 5 });
    expect(taken.counts).toEqual([
      { outcome: "blocked", group: "students", label: "adult", n: 2 },
      { outcome: "blocked", group: "staff", label: "adult", n: 1 },
      { outcome: "resolved", group: "students", label: "udp://127.0.0.1:53", n: 5 },
    ]);
    expect(counts.take()).toEqual({ byOutcome: {}, counts: [] });
  });
});
