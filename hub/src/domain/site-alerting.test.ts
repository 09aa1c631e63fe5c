import { describe, expect, it } from "vitest";
import { inOfficeHours, siteAlertingSchema } from "./site-alerting.ts";

const settings = siteAlertingSchema.parse({});

describe("inOfficeHours", () => {
  it.each([
    ["a Monday morning in term, London time", "2026-11-23T09:30:00Z", true],
    ["a Monday evening", "2026-11-23T18:30:00Z", false],
    ["a Saturday morning", "2026-11-21T10:00:00Z", false],
    ["08:30 BST is 07:30 UTC in summer", "2026-06-15T07:30:00Z", true],
    ["the closing minute is out of hours", "2026-11-23T17:00:00Z", false],
  ])("%s", (_name, at, expected) => {
    expect(inOfficeHours(settings, new Date(at))).toBe(expected);
  });
});

describe("siteAlertingSchema", () => {
  it("refuses a time zone this Node does not know, which would stop every alert", () => {
    expect(siteAlertingSchema.safeParse({ timezone: "Not/A_Zone" }).success).toBe(false);
    expect(siteAlertingSchema.parse({ timezone: "Europe/Dublin" }).timezone).toBe("Europe/Dublin");
    expect(siteAlertingSchema.parse({ timezone: "UTC" }).timezone).toBe("UTC");
  });
});
