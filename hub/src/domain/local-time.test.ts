import { describe, expect, it } from "vitest";
import { formatLocalDate, formatLocalTime, localToUtc } from "./local-time.ts";

describe("formatLocalTime", () => {
  it.each([
    ["2026-01-15T09:30:00.000Z", "Europe/London", "2026-01-15 09:30 GMT"],
    ["2026-07-01T09:30:00.000Z", "Europe/London", "2026-07-01 10:30 BST"],
    ["2026-03-29T00:59:00.000Z", "Europe/London", "2026-03-29 00:59 GMT"],
    ["2026-03-29T01:00:00.000Z", "Europe/London", "2026-03-29 02:00 BST"],
    ["2026-12-31T23:30:00.000Z", "Europe/London", "2026-12-31 23:30 GMT"],
    ["2026-01-15T09:30:00.000Z", "Europe/Berlin", "2026-01-15 10:30 CET"],
    ["2026-07-01T09:30:00.000Z", "Europe/Berlin", "2026-07-01 11:30 CEST"],
    ["2026-07-01T09:30:00.000Z", "UTC", "2026-07-01 09:30 UTC"],
  ])("%s in %s is %s", (iso, zone, expected) => {
    expect(formatLocalTime(iso, zone)).toBe(expected);
  });

  it("defaults to Europe/London and shows a dash for no time", () => {
    expect(formatLocalTime("2026-07-01T09:30:00Z")).toBe("2026-07-01 10:30 BST");
    expect(formatLocalTime(null)).toBe("–");
  });

  it("falls back to Europe/London for an unknown zone", () => {
    expect(formatLocalTime("2026-07-01T09:30:00Z", "Mars/Olympus")).toBe("2026-07-01 10:30 BST");
  });

  it("gives the local date, which can differ from the UTC date", () => {
    expect(formatLocalDate("2026-06-30T23:30:00Z", "Europe/London")).toBe("2026-07-01");
  });
});

describe("localToUtc", () => {
  it("reads a wall-clock time in the site's zone, summer and winter", () => {
    expect(localToUtc("2026-07-01T10:30", "Europe/London")).toBe("2026-07-01T09:30:00.000Z");
    expect(localToUtc("2026-12-01T10:30", "Europe/London")).toBe("2026-12-01T10:30:00.000Z");
    expect(localToUtc("2026-07-01T10:30", "Europe/Berlin")).toBe("2026-07-01T08:30:00.000Z");
  });
  it("refuses what is not a date and time", () => {
    expect(localToUtc("yesterday", "Europe/London")).toBeNull();
    expect(localToUtc("2026-13-45T10:30", "Europe/London")).toBeNull();
  });
});
