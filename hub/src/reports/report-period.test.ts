import { describe, expect, it } from "vitest";
import { defaultPeriod, parsePeriod } from "./report-period.ts";

const iso = (p: { from: Date; to: Date; label: string }) => [p.from.toISOString(), p.to.toISOString(), p.label];

describe("report periods in the report's zone: local midnight to local midnight", () => {
  it("a July week typed as dates starts at 00:00 BST, which is 23:00 UTC the day before", () => {
    expect(iso(parsePeriod("2026-06-29", "2026-07-06"))).toEqual([
      "2026-06-28T23:00:00.000Z",
      "2026-07-05T23:00:00.000Z",
      "2026-06-29 to 2026-07-05",
    ]);
    expect(iso(parsePeriod("2026-06-29", "2026-07-06", "Europe/Berlin")).slice(0, 2)).toEqual([
      "2026-06-28T22:00:00.000Z",
      "2026-07-05T22:00:00.000Z",
    ]);
  });

  it("a winter week is the same in London as in UTC; a time with its offset is kept as given", () => {
    expect(iso(parsePeriod("2026-11-16", "2026-11-23")).slice(0, 2)).toEqual([
      "2026-11-16T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
    ]);
    expect(parsePeriod("2026-07-01T10:00:00Z", "2026-07-02T10:00:00Z").from.toISOString()).toBe(
      "2026-07-01T10:00:00.000Z",
    );
  });

  it("the week just gone, asked at 00:30 BST on a Monday, is the whole of the week before, in local days", () => {
    const at = new Date("2026-07-05T23:30:00Z"); // Monday 6 July, 00:30 BST
    expect(iso(defaultPeriod("weekly-ict", at, []))).toEqual([
      "2026-06-28T23:00:00.000Z",
      "2026-07-05T23:00:00.000Z",
      "week 2026-06-29 to 2026-07-05",
    ]);
  });

  it("the quarter and the term just gone start at local midnight", () => {
    const at = new Date("2026-10-05T08:00:00Z");
    expect(iso(defaultPeriod("board-quarterly", at, []))).toEqual([
      "2026-06-30T23:00:00.000Z",
      "2026-09-30T23:00:00.000Z",
      "quarter 2026-07-01 to 2026-09-30",
    ]);
    const terms = [
      { name: "Summer term 2026", from: "2026-04-13", to: "2026-07-22" },
      { name: "Autumn term 2026", from: "2026-09-02", to: "2026-12-18" },
    ];
    const autumn = defaultPeriod("termly-incidents", new Date("2026-12-19T12:00:00Z"), terms);
    expect(iso(autumn)).toEqual(["2026-09-01T23:00:00.000Z", "2026-12-19T00:00:00.000Z", "Autumn term 2026"]);
  });
});
