import { describe, expect, it } from "vitest";
import { rollupSpans } from "./rollup-spans.ts";

const HOUR = 3_600_000;
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/** Every hour [from, to) as the spans read it: the hours of its whole months, then its hour spans. */
function hoursRead(from: string, to: string): string[] {
  const spans = rollupSpans(from, to);
  const read: string[] = [];
  const start = Date.parse(`${from}:00:00Z`) - 62 * 24 * HOUR;
  const end = Date.parse(`${to}:00:00Z`) + 62 * 24 * HOUR;
  for (let t = start; t < end; t += HOUR) {
    const hour = hourOf(t);
    if (hour.slice(0, 7) >= spans.months.from && hour.slice(0, 7) < spans.months.to) read.push(hour);
    for (const span of spans.hours) if (hour >= span.from && hour < span.to) read.push(hour);
  }
  return read.sort();
}

describe("rollupSpans", () => {
  it("reads a quarter of whole months from the monthly rollup alone", () => {
    expect(rollupSpans("2026-07-01T00", "2026-10-01T00")).toEqual({
      months: { from: "2026-07", to: "2026-10" },
      hours: [
        { from: "2026-07-01T00", to: "2026-07-01T00" },
        { from: "2026-10-01T00", to: "2026-10-01T00" },
      ],
    });
  });

  it("reads a quarter starting at a British midnight in summer: an hour of June, then whole months, then September's hours", () => {
    expect(rollupSpans("2026-06-30T23", "2026-09-30T23")).toEqual({
      months: { from: "2026-07", to: "2026-09" },
      hours: [
        { from: "2026-06-30T23", to: "2026-07-01T00" },
        { from: "2026-09-01T00", to: "2026-09-30T23" },
      ],
    });
  });

  it("reads every hour of any range exactly once", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const base = Date.parse("2025-11-03T05:00:00Z");
    for (let n = 0; n < 60; n++) {
      const from = base + Math.floor(random() * 400 * 24) * HOUR;
      const to = from + Math.floor(random() * 120 * 24) * HOUR;
      const expected: string[] = [];
      for (let t = from; t < to; t += HOUR) expected.push(hourOf(t));
      expect(hoursRead(hourOf(from), hourOf(to))).toEqual(expected);
    }
  });
});
