import { describe, expect, it } from "vitest";
import { siteClock, windowOpen } from "./site-clock.ts";

describe("windowOpen", () => {
  const evenings = [0, 1, 2, 3, 4]; // Monday to Friday, 22:00 → 06:00
  it.each([
    ["Mon 23:00", { day: 0, minute: 23 * 60 }, true],
    ["Tue 05:59 (Monday's window)", { day: 1, minute: 5 * 60 + 59 }, true],
    ["Tue 06:00", { day: 1, minute: 6 * 60 }, false],
    ["Sat 02:00 (Friday's window)", { day: 5, minute: 120 }, true],
    ["Sun 02:00", { day: 6, minute: 120 }, false],
    ["Mon 02:00 (Sunday has none)", { day: 0, minute: 120 }, false],
  ])("across midnight: %s → %s", (_, now, open) => {
    expect(windowOpen(evenings, 22 * 60, 6 * 60, now)).toBe(open);
  });

  it("same-day window", () => {
    expect(windowOpen([2], 9 * 60, 12 * 60, { day: 2, minute: 9 * 60 })).toBe(true);
    expect(windowOpen([2], 9 * 60, 12 * 60, { day: 2, minute: 12 * 60 })).toBe(false);
  });
});

describe("siteClock", () => {
  it("reads local time in the site's zone, summer time included", () => {
    const london = siteClock("Europe/London");
    expect(london(Date.parse("2026-07-06T08:30:00Z"))).toEqual({ day: 0, minute: 9 * 60 + 30 });
    expect(london(Date.parse("2026-01-05T08:30:00Z"))).toEqual({ day: 0, minute: 8 * 60 + 30 });
  });
});
