import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { intlClock, siteClock } from "./site-clock.ts";
import { parseTzif, systemZoneOffsets } from "./zone-offsets.ts";

// Debian's tzdata (priority "required") provides the files; half-hour and 45-minute zones included.
const ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC"];
const HOUR = 3_600_000;

describe("time zone offsets from the system's tz database", () => {
  it.each(ZONES)("%s: local time agrees with ICU every 7 hours from 2000 to 2036", (zone) => {
    const zones = systemZoneOffsets(zone);
    expect(zones).not.toBeNull();
    const fromFile = siteClock(zone, zones);
    const byIcu = intlClock(zone);
    let checked = 0;
    for (let at = Date.parse("2000-01-01T00:00:00Z"); at < Date.parse("2036-12-31T00:00:00Z"); at += 7 * HOUR) {
      expect(zones?.offsetAt(at), new Date(at).toISOString()).not.toBeNull();
      expect(fromFile(at)).toEqual(byIcu(at));
      checked++;
    }
    expect(checked).toBeGreaterThan(46_000);
  });

  it("changes offset at the very second of a transition (London, 29 March 2026, 01:00 UTC)", () => {
    const london = systemZoneOffsets("Europe/London");
    const change = Date.parse("2026-03-29T01:00:00Z");
    expect(london?.offsetAt(change - 1000)).toBe(0);
    expect(london?.offsetAt(change)).toBe(3600);
  });

  it("past the transitions the file lists, a zone with summer time falls back to ICU, still right", () => {
    const later = Date.parse("2045-07-01T12:00:00Z");
    expect(systemZoneOffsets("Europe/London")?.offsetAt(later)).toBeNull();
    expect(siteClock("Europe/London")(later)).toEqual(intlClock("Europe/London")(later));
    expect(systemZoneOffsets("Asia/Kolkata")?.offsetAt(later)).toBe(5.5 * 3600);
  });

  it("reads no file for names outside the database, and rejects damaged files", () => {
    expect(systemZoneOffsets("../../etc/passwd")).toBeNull();
    expect(systemZoneOffsets("Nowhere/Atlantis")).toBeNull();
    const london = readFileSync("/usr/share/zoneinfo/Europe/London");
    expect(parseTzif(london)).not.toBeNull();
    expect(parseTzif(london.subarray(0, 40))).toBeNull();
    expect(parseTzif(london.subarray(0, london.length / 2))).toBeNull();
    expect(parseTzif(Buffer.from("not a zone file at all, but long enough to have a header of forty-four"))).toBeNull();
    const version1 = Buffer.from(london);
    version1[4] = 0;
    expect(parseTzif(version1)).toBeNull();
    // A zone the file cannot give still gets a clock, from ICU.
    expect(siteClock("Europe/London", null)(Date.parse("2026-07-06T08:30:00Z"))).toEqual({ day: 0, minute: 570 });
  });
});
