import { describe, expect, it } from "vitest";
import { dueCheckSlot } from "./check-slots.ts";

const weekdays = [1, 2, 3, 4, 5];

describe("dueCheckSlot", () => {
  it("is the day's slot once passed, for two hours", () => {
    const at = (iso: string) => dueCheckSlot({ days: weekdays, time: "10:00" }, "Europe/London", new Date(iso));
    expect(at("2026-12-07T09:59:59.000Z")).toBeNull();
    expect(at("2026-12-07T10:00:00.000Z")).toBe("2026-12-07T10:00:00.000Z");
    expect(at("2026-12-07T12:00:00.000Z")).toBe("2026-12-07T10:00:00.000Z");
    expect(at("2026-12-07T12:00:01.000Z")).toBeNull();
  });

  it("reads summer time: 10:00 BST is 09:00 UTC", () => {
    const slot = dueCheckSlot({ days: weekdays, time: "10:00" }, "Europe/London", new Date("2026-07-06T09:30:00Z"));
    expect(slot).toBe("2026-07-06T09:00:00.000Z");
  });

  it("finds yesterday's late slot just after midnight, on yesterday's weekday", () => {
    const schedule = { days: [5], time: "23:30" }; // Fridays
    expect(dueCheckSlot(schedule, "Europe/London", new Date("2026-12-12T00:30:00Z"))).toBe("2026-12-11T23:30:00.000Z");
    expect(dueCheckSlot({ days: [6], time: "23:30" }, "Europe/London", new Date("2026-12-12T00:30:00Z"))).toBeNull();
  });
});
