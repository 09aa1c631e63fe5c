import { describe, expect, it } from "vitest";
import { RefusalSummaries } from "./refusal-summary.ts";

describe("RefusalSummaries", () => {
  it("gives one summary per address per window, once, with a few short emails", () => {
    let now = Date.parse("2026-12-01T09:00:00Z");
    const summaries = new RefusalSummaries(60_000, () => now);
    for (let i = 0; i < 500; i++) {
      expect(summaries.note("203.0.113.9", `${i}${"x".repeat(300)}`)).toEqual([]);
      now += 100;
    }
    expect(summaries.due()).toEqual([]);
    now += 10_000;
    const [summary, ...rest] = summaries.due();
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({
      address: "203.0.113.9",
      count: 500,
      first: "2026-12-01T09:00:00.000Z",
      last: "2026-12-01T09:00:49.900Z",
    });
    expect(summary?.emails).toHaveLength(3);
    for (const email of summary?.emails ?? []) expect(email).toHaveLength(64);
    expect(summaries.due()).toEqual([]);
  });

  it("keeps addresses apart, and flushes what is still open", () => {
    const summaries = new RefusalSummaries(60_000, () => 0);
    summaries.note("10.0.0.1", "a@school.test");
    summaries.note("10.0.0.1", "a@school.test");
    summaries.note("10.0.0.2", "b@school.test");
    expect(summaries.flush().map((s) => [s.address, s.count, s.emails])).toEqual([
      ["10.0.0.1", 2, ["a@school.test"]],
      ["10.0.0.2", 1, ["b@school.test"]],
    ]);
  });
});
