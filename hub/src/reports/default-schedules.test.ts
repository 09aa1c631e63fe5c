import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { roleCan } from "../domain/roles.ts";
import { defaultSchedules, termEndCrons } from "./default-schedules.ts";
import { REPORTS } from "./report-kinds.ts";
import { defaultPeriod } from "./report-period.ts";

describe("the default report schedules of a new site", () => {
  it("are the weekly ICT report, the DSL digest, the termly report and the board quarterly, for that site", () => {
    const set = defaultSchedules("school-a", []);
    expect(set.map((s) => [s.kind, s.cron, s.roles])).toEqual([
      ["weekly-ict", "0 7 * * 1", ["ict-admin"]],
      ["dsl-digest", "30 7 * * 1", ["dsl", "deputy-dsl"]],
      ["termly-incidents", "0 7 1 1,4,9 *", ["dsl", "deputy-dsl"]],
      ["board-quarterly", "0 8 * 1,4,7,10 1#1", ["board"]],
    ]);
    for (const s of set) {
      expect(s.sites).toEqual(["school-a"]);
      expect(cron.validate(s.cron)).toBe(true);
      for (const role of s.roles) expect(roleCan(role, REPORTS[s.kind].permission)).toBe(true);
    }
  });

  it("the board's runs on the first Monday of January, April, July and October only", () => {
    const task = cron.createTask("0 8 * 1,4,7,10 1#1", () => {}, { timezone: "Europe/London" });
    expect(task.match(new Date("2027-01-04T08:00:00Z"))).toBe(true); // Monday 4 Jan, GMT
    expect(task.match(new Date("2027-04-05T07:00:00Z"))).toBe(true); // Monday 5 Apr, 08:00 BST
    expect(task.match(new Date("2027-01-11T08:00:00Z"))).toBe(false); // second Monday
    expect(task.match(new Date("2027-02-01T08:00:00Z"))).toBe(false); // first Monday of February
    void task.destroy();
  });

  it("with term dates, the termly report runs the morning after each term ends", () => {
    const terms = [
      { name: "Autumn 2026", from: "2026-09-03", to: "2026-12-18" },
      { name: "Spring 2027", from: "2027-01-05", to: "2027-03-31" },
      { name: "Summer 2027", from: "2027-04-19", to: "2027-07-21" },
    ];
    expect(termEndCrons(terms)).toEqual(["0 7 19 12 *", "0 7 1 4 *", "0 7 22 7 *"]);
    expect(defaultSchedules("s", terms).filter((s) => s.kind === "termly-incidents")).toHaveLength(3);
  });

  it("each termly run falls the morning after a term ends, so its report covers that whole term", () => {
    const usual = cron.createTask(termEndCrons([])[0] ?? "", () => {}, { timezone: "Europe/London" });
    const runs = usual.getNextRuns(3).map((at) => defaultPeriod("termly-incidents", at, []).label);
    void usual.destroy();
    expect(runs.map((label) => label.split(" ")[0]).sort()).toEqual(["Autumn", "Spring", "Summer"]);
    const terms = [{ name: "Autumn 2026", from: "2026-09-03", to: "2026-12-18" }];
    const [autumnEnd] = termEndCrons(terms);
    const task = cron.createTask(autumnEnd ?? "", () => {}, { timezone: "Europe/London" });
    expect(task.match(new Date("2026-12-19T07:00:00Z"))).toBe(true);
    void task.destroy();
    const period = defaultPeriod("termly-incidents", new Date("2026-12-19T07:00:00Z"), terms);
    expect([period.label, period.from.toISOString(), period.to.toISOString()]).toEqual([
      "Autumn 2026",
      "2026-09-02T23:00:00.000Z",
      "2026-12-19T00:00:00.000Z",
    ]);
  });
});
