import { describe, expect, it } from "vitest";
import { linesAcrossSites, rowsAcrossSites, sitesLabel, statementsAcrossSites } from "./across-sites.ts";
import type { ReportContext } from "./report-context.ts";

/** A report context over sites of these names: the helpers read only its sites. */
const over = (...names: string[]) => ({ sites: names.map((name, n) => ({ id: `s${n}`, name })) }) as ReportContext;

describe("saying once what holds at several sites", () => {
  it("names the sites, or says all of them when it is every site of a report over more than one", () => {
    expect(sitesLabel(over("Hillside", "Riverside", "Oakfield"), ["Hillside", "Oakfield"])).toBe("Hillside, Oakfield");
    expect(sitesLabel(over("Hillside", "Riverside"), ["Hillside", "Riverside"])).toBe("All 2 sites");
    expect(sitesLabel(over("Hillside"), ["Hillside"])).toBe("Hillside");
  });

  it("makes one statement per distinct status and text, in the order they first appear", () => {
    const ctx = over("Hillside", "Riverside", "Oakfield");
    const lines = [
      { site: "Hillside", status: "attention" as const, text: "Gambling: NOT COVERED." },
      { site: "Hillside", status: "ok" as const, text: "Adult: covered." },
      { site: "Riverside", status: "attention" as const, text: "Gambling: NOT COVERED." },
      { site: "Oakfield", status: "attention" as const, text: "Gambling: NOT COVERED." },
      { site: "Oakfield", status: "attention" as const, text: "Adult: covered." },
    ];
    expect(statementsAcrossSites(ctx, lines)).toEqual([
      { kind: "statement", status: "attention", text: "All 3 sites — Gambling: NOT COVERED." },
      { kind: "statement", status: "ok", text: "Hillside — Adult: covered." },
      { kind: "statement", status: "attention", text: "Oakfield — Adult: covered." },
    ]);
    // A report over one site names none.
    expect(statementsAcrossSites(over("Hillside"), lines.slice(0, 1))).toEqual([
      { kind: "statement", status: "attention", text: "Gambling: NOT COVERED." },
    ]);
  });

  it("merges table rows whose cells are all the same, and lines whose text is", () => {
    const ctx = over("Hillside", "Riverside", "Oakfield");
    const rows = [
      { site: "Hillside", cells: ["Adult", 1] },
      { site: "Riverside", cells: ["Adult", 2] },
      { site: "Oakfield", cells: ["Adult", 1] },
    ];
    expect(rowsAcrossSites(ctx, rows)).toEqual([
      ["Hillside, Oakfield", "Adult", 1],
      ["Riverside", "Adult", 2],
    ]);
    const lines = [
      { site: "Riverside", text: "fix it." },
      { site: "Hillside", text: "fix it." },
    ];
    expect(linesAcrossSites(ctx, lines)).toEqual(["Riverside, Hillside: fix it."]);
  });
});
