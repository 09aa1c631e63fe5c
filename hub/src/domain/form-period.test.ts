import { describe, expect, it } from "vitest";
import { parsePeriod } from "../reports/report-period.ts";
import { inclusiveFormPeriod, lastDayOf } from "./form-period.ts";

describe('a period typed in a form includes its "to" day', () => {
  it.each([
    ["2026-12-01", "2026-12-07", "2026-12-08"],
    ["2026-06-01", "2026-06-30", "2026-07-01"],
    ["2026-12-25", "2026-12-31", "2027-01-01"],
    ["2028-02-01", "2028-02-28", "2028-02-29"],
  ])("%s to %s ends at the start of %s", (from, to, end) => {
    expect(inclusiveFormPeriod(from, to)).toEqual({ from, to: end });
  });

  it("1 to 7 December covers all of 7 December in London; 7 December ends at 23:00 UTC in Berlin", () => {
    const london = inclusiveFormPeriod("2026-12-01", "2026-12-07");
    const period = parsePeriod(london.from, london.to, "Europe/London");
    expect(period.to.toISOString()).toBe("2026-12-08T00:00:00.000Z");
    expect(period.label).toBe("2026-12-01 to 2026-12-07");
    expect(period.to.getTime() > Date.parse("2026-12-07T23:59:59Z")).toBe(true);
    expect(parsePeriod(london.from, london.to, "Europe/Berlin").to.toISOString()).toBe("2026-12-07T23:00:00.000Z");
    expect(lastDayOf(period.to.toISOString(), "Europe/London")).toBe("2026-12-07");
  });

  it("anything but a date is left as given", () => {
    expect(inclusiveFormPeriod("2026-12-01", "2026-12-07T10:00:00Z").to).toBe("2026-12-07T10:00:00Z");
  });
});
