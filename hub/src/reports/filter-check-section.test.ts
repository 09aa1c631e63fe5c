import { describe, expect, it } from "vitest";
import type { ReportDocument, ReportItem } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { checkHub, checkItem, checkResult } from "../testing/check-hub.ts";

const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: null };
const board: Actor = { userId: "u-board", email: "board@school.test", role: "board", sites: null };
const PERIOD = { from: "2026-12-07", to: "2026-12-14" };

/** A week with three checks at school-a: one failed (a canary let through, safe search not enforced), one passed, one missed, one still open. */
async function weekOfChecks() {
  const fx = await checkHub();
  const checks = fx.hub.services.filterChecks;
  const mine = () => checks.requestNow("school-a", "someone").find((r) => r.agentId === fx.a1.id)?.id ?? "";
  const canary = checkItem({ category: "child-abuse", name: "secret-canary.test", canary: true, outcome: "resolved" });
  const search = checkItem({
    kind: "safe-search",
    category: null,
    name: "www.search.test",
    expected: "rewritten",
    outcome: "resolved",
  });
  checks.record(fx.a1, mine(), checkResult([canary, search, checkItem()]));
  fx.clock.now = new Date("2026-12-08T10:00:00.000Z");
  checks.record(fx.a1, mine(), checkResult([checkItem()]));
  checks.expire(); // the first run of gw-2 is a day old: missed; the second is still open
  fx.clock.now = new Date("2026-12-14T09:00:00.000Z");
  return fx;
}

const section = (doc: ReportDocument, heading: string) => doc.sections.find((s) => s.heading === heading);
const figures = (item: ReportItem | undefined) =>
  item?.kind === "figures" ? Object.fromEntries(item.figures.map((f) => [f.label, f.value])) : {};

describe("filtering checks in the reports", () => {
  it("the weekly ICT report counts the runs and lists each failure by category, without any name", async () => {
    const { hub } = await weekOfChecks();
    const report = hub.actions.reports.generate(ict, { kind: "weekly-ict", ...PERIOD, sites: ["school-a"] });
    const found = section(report.body, "Filtering checks");
    expect(figures(found?.items[0])).toEqual({
      "Filtering checks run": 4,
      Passed: 1,
      Failed: 1,
      "Missed (no answer)": 1,
    });
    const failures = found?.items[1];
    expect(failures?.kind === "table" ? failures.rows : []).toEqual([
      ["2026-12-07", "Alpha Academy", "gw-1", "students", "Child sexual abuse material", "blocked", "resolved"],
      ["2026-12-07", "Alpha Academy", "gw-1", "students", "safe-search", "rewritten", "resolved"],
    ]);
    const text = JSON.stringify(report.body);
    for (const name of ["secret-canary", "www.search.test", "adult.example"]) expect(text).not.toContain(name);
  });

  it("the annual review counts the year's checks and names the categories that ever failed", async () => {
    const { hub } = await weekOfChecks();
    const report = hub.actions.reports.generate(board, {
      kind: "annual-review",
      from: "2026-09-01",
      to: "2027-09-01",
      sites: ["school-a"],
    });
    const items = section(report.body, "Checks and self-tests made this year")?.items ?? [];
    expect(figures(items[1])).toMatchObject({ "Filtering checks run": 4, Failed: 1, "Missed (no answer)": 1 });
    const failed = items[2];
    expect(failed?.kind === "table" ? failed.rows : []).toEqual([["Child sexual abuse material"], ["safe-search"]]);
    expect(JSON.stringify(report.body)).not.toContain("secret-canary");
  });

  it("the board's quarterly assurance says how many checks ran and whether they all passed", async () => {
    const { hub } = await weekOfChecks();
    const quarter = { from: "2026-10-01", to: "2027-01-01", sites: ["school-a"] };
    const report = hub.actions.reports.generate(board, { kind: "board-quarterly", ...quarter });
    const statements = report.body.sections.flatMap((s) => s.items).filter((i) => i.kind === "statement");
    expect(statements).toContainEqual({
      kind: "statement",
      status: "attention",
      text: "Filtering checks: 4 run, 1 failed, 1 missed — see the weekly reports.",
    });
    const quiet = hub.actions.reports.generate(board, { kind: "board-quarterly", ...quarter, sites: ["school-b"] });
    expect(JSON.stringify(quiet.body)).toContain("Filtering checks: none ran this quarter.");
  });
});
