import { describe, expect, it } from "vitest";
import { monthBoundBefore } from "./event-partitions.ts";

describe("monthBoundBefore", () => {
  it.each([
    ["2025-12-01T00:00:00.000Z", "2025-12"],
    ["2025-12-01T00:00:00.001Z", "2026-01"],
    ["2025-12-15T10:00:00.000Z", "2026-01"],
    ["2025-12-31T23:59:59.999Z", "2026-01"],
    ["2026-02-01T00:00:00.000Z", "2026-02"],
  ])("%s: %s", (before, bound) => {
    expect(monthBoundBefore(before)).toBe(bound);
  });

  it("is above every ISO time before the cut-off, and leaves out no month that holds one", () => {
    const start = Date.parse("2025-01-01T00:00:00.000Z");
    for (let step = 0; step < 2000; step++) {
      const before = new Date(start + step * 7_919_000).toISOString();
      const bound = monthBoundBefore(before);
      for (const back of [1, 1000, 86_400_000]) {
        const time = new Date(Date.parse(before) - back).toISOString();
        expect(time < bound, `${time} before ${before}, bound ${bound}`).toBe(true);
      }
      // The month after the bound's holds nothing before the cut-off.
      expect(`${bound}-01T00:00:00.000Z` >= before || bound === before.slice(0, 7)).toBe(true);
    }
  });
});
