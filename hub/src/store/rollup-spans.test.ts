import { describe, expect, it } from "vitest";
import { rollupSpans } from "./rollup-spans.ts";

const HOUR = 3_600_000;
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/**
 * Every hour the spans count, as many times as they count it: the hours of their whole months, and
 * of their hour spans added or taken away. Hours counted no times are left out.
 */
function hoursRead(from: string, to: string): string[] {
  const spans = rollupSpans(from, to);
  const times = new Map<string, number>();
  const start = Date.parse(`${from}:00:00Z`) - 62 * 24 * HOUR;
  const end = Date.parse(`${to}:00:00Z`) + 62 * 24 * HOUR;
  for (let t = start; t < end; t += HOUR) {
    const hour = hourOf(t);
    let n = hour.slice(0, 7) >= spans.months.from && hour.slice(0, 7) < spans.months.to ? 1 : 0;
    for (const span of spans.hours) if (hour >= span.from && hour < span.to) n += span.sign;
    if (n !== 0) times.set(hour, n);
  }
  return [...times].flatMap(([hour, n]) => (n === 1 ? [hour] : [`${hour} x${n}`])).sort();
}

describe("rollupSpans", () => {
  it("reads a quarter of whole months from the monthly rollup alone", () => {
    expect(rollupSpans("2026-07-01T00", "2026-10-01T00")).toEqual({
      months: { from: "2026-07", to: "2026-10" },
      hours: [],
    });
  });

  it("reads a quarter starting at a British midnight in summer: an hour of June, whole months, less September's last hour", () => {
    expect(rollupSpans("2026-06-30T23", "2026-09-30T23")).toEqual({
      months: { from: "2026-07", to: "2026-10" },
      hours: [
        { from: "2026-06-30T23", to: "2026-07-01T00", sign: 1 },
        { from: "2026-09-30T23", to: "2026-10-01T00", sign: -1 },
      ],
    });
  });

  it("reads a week inside a month hourly, and most of a month as the month less its other hours", () => {
    expect(rollupSpans("2026-11-16T00", "2026-11-23T00")).toEqual({
      months: { from: "2026-11", to: "2026-11" },
      hours: [{ from: "2026-11-16T00", to: "2026-11-23T00", sign: 1 }],
    });
    expect(rollupSpans("2026-11-02T00", "2026-11-30T00")).toEqual({
      months: { from: "2026-11", to: "2026-12" },
      hours: [
        { from: "2026-11-01T00", to: "2026-11-02T00", sign: -1 },
        { from: "2026-11-30T00", to: "2026-12-01T00", sign: -1 },
      ],
    });
  });

  it("reads nothing of an empty range", () => {
    expect(rollupSpans("2026-11-16T00", "2026-11-16T00").hours).toEqual([]);
    expect(hoursRead("2026-11-16T00", "2026-11-16T00")).toEqual([]);
  });

  it("reads every hour of any range exactly once", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const base = Date.parse("2025-11-03T05:00:00Z");
    for (let n = 0; n < 300; n++) {
      const from = base + Math.floor(random() * 400 * 24) * HOUR;
      // Ranges of a few hours to four months, each end anywhere in its month.
      const to = from + Math.floor(random() * (n % 3 === 0 ? 72 : 120 * 24)) * HOUR;
      const expected: string[] = [];
      for (let t = from; t < to; t += HOUR) expected.push(hourOf(t));
      expect(hoursRead(hourOf(from), hourOf(to))).toEqual(expected);
    }
  });
});
