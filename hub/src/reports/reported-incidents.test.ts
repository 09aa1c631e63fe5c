import { describe, expect, it } from "vitest";
import type { ReportDocument, ReportItem } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { insertMixedIncidents } from "../testing/mixed-incidents.ts";
import { twoZoneHub } from "../testing/two-zone-hub.ts";
import { renderCsv } from "./render-csv.ts";
import { renderHtml } from "./render-html.ts";

const person = (role: Actor["role"], email = `${role}@school.test`): Actor => ({
  userId: `u-${role}`,
  email,
  role,
  sites: null,
});
const dsl = person("dsl");
const deputy = person("deputy-dsl");
const board = person("board");
const WEEK = { from: "2026-06-29", to: "2026-07-06", sites: ["school-a"] };

/** A London site with one filter incident and two reported concerns (one about staff) in the first week of July. */
function mixedHub() {
  const hub = twoZoneHub();
  hub.services.alerts.notify = () => {};
  insertMixedIncidents(hub.services.stores.incidents);
  const generate = (actor: Actor, kind: ReportDocument["kind"]) =>
    hub.actions.reports.generate(actor, { kind, ...WEEK });
  return { ...hub, generate };
}

const items = (doc: ReportDocument) => doc.sections.flatMap((s) => s.items);
const tableOf = (doc: ReportDocument, title: string) =>
  items(doc).find((i): i is Extract<ReportItem, { kind: "table" }> => i.kind === "table" && i.title === title);
const statements = (doc: ReportDocument) => items(doc).flatMap((i) => (i.kind === "statement" ? [i.text] : []));
const SELF_HARM = "Self-harm, suicide and eating disorders";
const RESTRICTED_NOTE = "1 restricted concern (details for its route only).";

describe("incident log: filter and reported incidents, with the form's columns", () => {
  it("the CSV header holds every column the policies' incident log form asks for", () => {
    const { generate } = mixedHub();
    const header = renderCsv(generate(dsl, "incident-log").body).split("\r\n")[0]?.split(",");
    expect(header).toEqual([
      "Date and time (Europe/London)",
      "Incident",
      "Site",
      "Source",
      "Kind",
      "Category",
      "Who was involved",
      "Reported by",
      "Reported on",
      "Reported to",
      "What happened",
      "Severity",
      "Illegal material",
      "Immediate risk",
      "Action taken",
      "Parents / carers informed",
      "Review result",
      "Reviewed by",
      "Reviewed on",
      "Sanctions",
      "State",
      "Signed off by",
      "Signed off on",
    ]);
  });

  it("the DSL's copy has a line per incident, reported ones by kind, times in BST", () => {
    const { generate } = mixedHub();
    const report = generate(dsl, "incident-log").body;
    const rows = tableOf(report, "Incident log")?.rows ?? [];
    expect(rows.map((r) => [r[3], r[4]])).toEqual([
      ["filter", "Flagged by the filter"],
      ["reported", "Cyberbullying"],
      ["reported", "Concern about a member of staff"],
    ]);
    expect(rows[0]?.slice(0, 1)).toEqual(["2026-07-02 11:00 BST"]);
    expect(rows[2]).toEqual(
      expect.arrayContaining([
        "2026-07-03 13:00 BST",
        "A supply teacher",
        "Office manager",
        "Asked a pupil for their private social media account",
        "unsure",
        "Referred to LADO on 2026-07-03 14:30 BST (ref LADO-2026-41); outcome awaited",
      ]),
    );
    const csv = renderCsv(report);
    expect(csv).not.toMatch(/2026-07-0\dT/);
    expect(statements(report)).not.toContain(RESTRICTED_NOTE);
  });

  it("a deputy's copy counts the concern about staff but leaves its line out, and cannot open the DSL's copy", () => {
    const { generate, actions } = mixedHub();
    const dslCopy = generate(dsl, "incident-log");
    const deputyCopy = generate(deputy, "incident-log");
    expect(tableOf(deputyCopy.body, "Incident log")?.rows.map((r) => r[4])).toEqual([
      "Flagged by the filter",
      "Cyberbullying",
    ]);
    expect(statements(deputyCopy.body)).toContain(RESTRICTED_NOTE);
    expect(JSON.stringify(deputyCopy.body)).not.toContain("supply teacher");
    expect(dslCopy.body.restrictedDetails).toEqual(["school-a"]);
    expect(deputyCopy.body.restrictedDetails).toBeUndefined();
    expect(() => actions.reports.get(deputy, { id: dslCopy.id })).toThrow(/no report/);
    expect(actions.reports.list(deputy).map((r) => r.id)).toEqual([deputyCopy.id]);
    expect(actions.reports.get(dsl, { id: deputyCopy.id }).kind).toBe("incident-log");
  });

  it("the site's route for concerns about staff decides: a named deputy sees them, the DSL role then does not", () => {
    const { generate, services } = mixedHub();
    const head = person("deputy-dsl", "head@school.test");
    services.alerts.setSettings("school-a", {
      routes: [
        { name: "Head and HR", kinds: ["staff-concern"], minSeverity: "low", recipients: [{ user: head.email }] },
      ],
    });
    expect(JSON.stringify(generate(head, "incident-log").body)).toContain("A supply teacher");
    expect(statements(generate(dsl, "incident-log").body)).toContain(RESTRICTED_NOTE);
    expect(statements(generate(deputy, "incident-log").body)).toContain(RESTRICTED_NOTE);
  });
});

describe("reported incidents in every incident report, by kind", () => {
  // Most first; equal counts in the order of their kinds' ids.
  const kinds = [
    ["Cyberbullying", 1],
    ["Flagged by the filter", 1],
    ["Concern about a member of staff", 1],
  ];

  it("termly report: by kind, by category or kind (never an empty category), by group", async () => {
    const { generate } = mixedHub();
    const report = generate(dsl, "termly-incidents").body;
    expect(tableOf(report, "By kind")?.rows).toEqual(kinds);
    const bars = items(report).find((i) => i.kind === "bars");
    expect(bars?.kind === "bars" && bars.data.map((b) => b.label).sort()).toEqual([
      "Concern about a member of staff",
      "Cyberbullying",
      SELF_HARM,
    ]);
    expect(tableOf(report, "By group")?.rows).toEqual([
      ["(reported concern, no group)", 2],
      ["students", 1],
    ]);
    expect(tableOf(report, "Trend by category")?.rows.map((r) => r[0])).not.toContain("(none)");
    expect(await renderHtml(report)).toContain("Cyberbullying");
  });

  it("board report: counts the restricted concern in its totals, by kind, and names no one", async () => {
    const { generate } = mixedHub();
    const report = generate(board, "board-quarterly").body;
    const total = items(report)
      .flatMap((i) => (i.kind === "figures" ? i.figures : []))
      .find((f) => f.label === "Incidents this quarter");
    expect(total?.value).toBe(3);
    expect(tableOf(report, "By kind")?.rows).toEqual(kinds);
    expect(JSON.stringify(report)).not.toMatch(/supply teacher|Two pupils|10\.1\.0\.9/);
    expect(await renderHtml(report)).toContain("Concern about a member of staff");
  });

  it("annual review: by kind and by category or kind", () => {
    const { generate } = mixedHub();
    const report = generate(board, "annual-review").body;
    expect(tableOf(report, "By kind")?.rows).toEqual(kinds);
    expect(tableOf(report, "By category or reported kind")?.rows.map((r) => r[0])).toEqual([
      "Concern about a member of staff",
      "Cyberbullying",
      SELF_HARM,
    ]);
  });

  it("DSL digest: reported incidents listed by kind, no repeat 'client' made of them, the concern about staff for its route", () => {
    const { generate } = mixedHub();
    const mine = generate(dsl, "dsl-digest").body;
    expect(tableOf(mine, "By kind")?.rows).toEqual(kinds);
    expect(tableOf(mine, "New incidents")?.rows.map((r) => r[5])).toEqual([
      SELF_HARM,
      "Cyberbullying",
      "Concern about a member of staff",
    ]);
    expect(tableOf(mine, "People and clients with more than one incident")?.rows).toEqual([]);
    const theirs = generate(deputy, "dsl-digest").body;
    expect(tableOf(theirs, "New incidents")?.rows.map((r) => r[5])).toEqual([SELF_HARM, "Cyberbullying"]);
    expect(statements(theirs)).toContain(RESTRICTED_NOTE);
  });
});

describe("policy change tables in the site's zone, labelled", () => {
  it("the weekly ICT report shows the July change at 10:30 BST, not 09:30 UTC", () => {
    const { generate } = mixedHub();
    const report = generate(board, "weekly-ict").body;
    const table = tableOf(report, "Policy changes");
    expect(table?.columns[0]).toBe("When (Europe/London)");
    expect(table?.rows[0]?.[0]).toBe("2026-07-01 10:30 BST");
  });

  it("over a London and a Berlin site each change is in its own zone, and the header says so", () => {
    const { actions } = mixedHub();
    const report = actions.reports.generate(board, { kind: "weekly-ict", from: WEEK.from, to: WEEK.to }).body;
    const table = tableOf(report, "Policy changes");
    expect(table?.columns[0]).toBe("When (each site's local time)");
    expect(table?.rows.map((r) => r[0])).toEqual(["2026-07-01 10:30 BST", "2026-07-01 11:30 CEST"]);
  });
});
