import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReportDocument, ReportItem } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { jsonMember } from "../store/sql-json.ts";
import { heartbeat, seedEvents } from "../testing/seed-activity.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { renderCsv } from "./render-csv.ts";

const NOW = Date.parse("2026-11-23T10:00:00Z");
const WEEK = { from: "2026-11-16", to: "2026-11-23" };
const person = (role: Actor["role"], sites: string[] | null = null): Actor => ({
  userId: `u-${role}`,
  email: `${role}@school.test`,
  role,
  sites,
});
const dsl = person("dsl");
const ict = person("ict-admin");
const board = person("board");

let now = new Date(NOW);
const file = join(mkdtempSync(join(tmpdir(), "fenceline-reports-")), "hub.sqlite");
const stores = openTestStores(file);
// The figures are checked against the raw tables, read over a connection of the test's own.
const inspector = openSqlInspector(file);
const { services, actions } = createHub({
  stores,
  log: pino({ level: "silent" }),
  now: () => now,
  // Heartbeats every 10 minutes here: silence beyond 15 counts as offline.
  settings: { fleet: { offlineAfterSeconds: 900, staleListsAfterDays: 7 } },
});
services.alerts.notify = () => {};
const sql = (query: string, ...args: unknown[]) => inspector.value(query, ...args) as number;
const inWeek = "time >= '2026-11-16' AND time < '2026-11-23'";

beforeAll(async () => {
  for (const [id, name] of [
    ["school-a", "Hillside School"],
    ["school-b", "Riverside College"],
  ]) {
    services.enrolment.createSite(id as string, name as string);
    const { token } = services.enrolment.issueEnrolmentToken(id as string);
    const agent = { id: services.enrolment.enrol(token, `${id}-gw`).agentId, siteId: id as string };
    // The events are spread over the eight days before NOW; the hub receives them as they happen.
    now = new Date("2026-11-15T00:00:00Z");
    seedEvents(services, agent, { count: 2500, end: NOW, days: 8, seed: id === "school-a" ? 1 : 2 }, (t) => {
      now = new Date(t);
    });
    // Heartbeats every 10 minutes over the week, with a two-hour gap at school-a; school-b's lists are 10 days old.
    for (let t = Date.parse(WEEK.from); t < NOW; t += 10 * 60_000) {
      if (id === "school-a" && t >= Date.parse("2026-11-18T01:00:00Z") && t < Date.parse("2026-11-18T03:00:00Z"))
        continue;
      now = new Date(t);
      const builtAt = id === "school-a" ? new Date(t - 2 * 86_400_000).toISOString() : "2026-11-13T00:00:00.000Z";
      const update =
        id === "school-a" && t === Date.parse("2026-11-20T00:00:00Z")
          ? { at: "2026-11-20T00:00:00.000Z", ok: false, errors: ["ut1-adult: HTTP 500"] }
          : undefined;
      services.fleet.heartbeat({ id: agent.id }, heartbeat(builtAt, { blocked: 7, resolved: 93 }, update));
    }
  }
  now = new Date("2026-11-21T09:00:00Z");
  actions.policy.replace(ict, {
    siteId: "school-a",
    policy: { defaultGroup: "students", groups: [{ id: "students", kind: "student" }] },
    reason: "first policy",
  });
  actions.policy.editList(ict, {
    siteId: "school-a",
    group: "students",
    list: "allow",
    add: ["bbc.co.uk"],
    remove: [],
    reason: "news for lessons",
  });
  const id = sql("SELECT id FROM incidents WHERE first_seen >= '2026-11-17' AND severity = 'high' ORDER BY id LIMIT 1");
  actions.incidents.addEntry(dsl, { id, entry: { kind: "transition", to: "triaged" } });
  actions.incidents.addEntry(dsl, {
    id,
    entry: { kind: "referral", agency: "childrens-social-care", at: "2026-11-20T10:00:00Z", reference: "CSC-77" },
  });
  actions.incidents.addEntry(dsl, {
    id,
    entry: { kind: "review", result: "Supported", sanctions: "Loss of device for a week" },
  });
  now = new Date(NOW);
});

const generate = (actor: Actor, kind: ReportDocument["kind"], period: { from?: string; to?: string } = WEEK) =>
  actions.reports.generate(actor, { kind, ...period }).body;
const items = (doc: ReportDocument) => doc.sections.flatMap((s) => s.items);
const tableOf = (doc: ReportDocument, title: string) =>
  items(doc).find((i): i is Extract<ReportItem, { kind: "table" }> => i.kind === "table" && i.title === title);
const figure = (doc: ReportDocument, label: string) =>
  items(doc)
    .flatMap((i) => (i.kind === "figures" ? i.figures : []))
    .find((f) => f.label === label)?.value;

describe("weekly ICT report: every figure against the events themselves", () => {
  const doc = () => generate(ict, "weekly-ict");

  it("counts blocks, circumvention and safe search as the events do", () => {
    const report = doc();
    expect(figure(report, "Blocked")).toBe(sql(`SELECT COUNT(*) FROM events WHERE outcome = 'blocked' AND ${inWeek}`));
    expect(figure(report, "Circumvention attempts")).toBe(
      sql(`SELECT COUNT(*) FROM events WHERE outcome = 'circumvention' AND ${inWeek}`),
    );
    expect(figure(report, "Safe search enforced")).toBe(
      sql(`SELECT COUNT(*) FROM events WHERE outcome = 'safesearch' AND ${inWeek}`),
    );
    const heartbeats = sql(
      "SELECT COUNT(*) FROM heartbeats WHERE received_at >= '2026-11-16' AND received_at < '2026-11-23'",
    );
    expect(figure(report, "Look-ups answered")).toBe(heartbeats * 100);
  });

  it("breaks blocks down by category and group, and lists the most blocked names, as the events do", () => {
    const report = doc();
    const bars = items(report).find((i) => i.kind === "bars");
    const direct = inspector.rows(
      `SELECT ${jsonMember(inspector, "categories", 0)} AS c, COUNT(*) AS n FROM events WHERE outcome = 'blocked' AND ${inWeek} GROUP BY c`,
    ) as { c: string; n: number }[];
    const byName = new Map(direct.map((d) => [services.settings.taxonomy.byId.get(d.c)?.name, d.n]));
    expect(bars?.kind === "bars" && Object.fromEntries(bars.data.map((b) => [b.label, b.value]))).toEqual(
      Object.fromEntries(byName),
    );
    const groups = tableOf(report, "Blocked look-ups by group")?.rows;
    for (const [group, n] of groups ?? [])
      expect(n).toBe(
        sql(`SELECT COUNT(*) FROM events WHERE outcome = 'blocked' AND client_group = ? AND ${inWeek}`, group),
      );
    const top = tableOf(report, "Most blocked addresses")?.rows[0];
    expect(top?.[2]).toBe(
      sql(
        `SELECT COUNT(*) AS n FROM events WHERE outcome = 'blocked' AND ${inWeek} GROUP BY name ORDER BY n DESC LIMIT 1`,
      ),
    );
  });

  it("shows uptime with the offline spell, the failed update, and flags the site whose lists are stale", () => {
    const report = doc();
    const agents = tableOf(report, "Agents")?.rows ?? [];
    const a = agents.find((r) => r[0] === "Hillside School");
    const b = agents.find((r) => r[0] === "Riverside College");
    expect(a?.[3]).toBe(1);
    expect(String(a?.[2])).toMatch(/^98\.\d%$/);
    expect(String(b?.[5])).toMatch(/STALE/);
    expect(tableOf(report, "Failed list updates")?.rows).toEqual([
      ["Hillside School", "school-a-gw", "2026-11-20 00:00 GMT", "ut1-adult: HTTP 500"],
    ]);
    const statement = items(report).find((i) => i.kind === "statement");
    expect(statement).toMatchObject({ status: "attention", text: expect.stringMatching(/Riverside College/) });
    expect(statement?.kind === "statement" && statement.text).not.toMatch(/Hillside/);
  });

  it("says a coverage line that holds at both sites once, naming them; a row that differs stays with its site", () => {
    const report = doc();
    const texts = items(report).flatMap((i) => (i.kind === "statement" ? [i.text] : []));
    expect(texts.filter((t) => t.includes("Child sexual abuse material:"))).toEqual([
      expect.stringMatching(/^All 2 sites — Child sexual abuse material: NOT COVERED — no list configured/),
    ]);
    const rows = tableOf(report, "Coverage by category")?.rows ?? [];
    const categories = new Set(rows.map((r) => r[1]));
    expect(categories.size).toBeGreaterThan(5);
    for (const category of categories) {
      const sites = rows.filter((r) => r[1] === category).map((r) => String(r[0]));
      expect([["All 2 sites"], ["Hillside School", "Riverside College"]]).toContainEqual(sites.sort());
    }
    // Hillside's policy has a group Riverside lacks: their rows differ.
    expect(rows.filter((r) => r[0] === "Hillside School").length).toBeGreaterThan(0);
  });

  it("lists the week's policy changes with their reasons", () => {
    expect(tableOf(doc(), "Policy changes")?.rows.map((r) => r[3])).toEqual(["first policy", "news for lessons"]);
  });
});

describe("safeguarding reports against the incidents themselves", () => {
  it("DSL digest: new incidents by severity, referrals, repeat clients", () => {
    const report = generate(dsl, "dsl-digest");
    expect(figure(report, "New this week")).toBe(
      sql("SELECT COUNT(*) FROM incidents WHERE first_seen >= '2026-11-16' AND first_seen < '2026-11-23'"),
    );
    const bars = items(report).find((i) => i.kind === "bars");
    const high = sql(
      "SELECT COUNT(*) FROM incidents WHERE severity = 'high' AND first_seen >= '2026-11-16' AND first_seen < '2026-11-23'",
    );
    expect(bars?.kind === "bars" && bars.data.find((d) => d.label === "high")?.value).toBe(high);
    expect(tableOf(report, "Referrals made")?.rows).toEqual([["Children's social care", 1]]);
    expect(figure(report, "Median time to triage")).not.toBe("–");
  });

  it("termly report: incidents by category as the incidents table has them, and the sanction", () => {
    const report = generate(dsl, "termly-incidents", { from: "2026-09-01", to: "2026-12-20" });
    const table = tableOf(report, "By severity")?.rows ?? [];
    const total = table.reduce((t, r) => t + Number(r[1]), 0);
    expect(total).toBe(sql("SELECT COUNT(*) FROM incidents"));
    expect(tableOf(report, "Sanctions")?.rows.map((r) => r[2])).toEqual(["Loss of device for a week"]);
  });

  it("incident log export: one line per incident with the log's fields", () => {
    const report = generate(dsl, "incident-log", { from: "2026-09-01", to: "2026-12-20" });
    const csv = renderCsv(report).trim().split("\r\n");
    expect(csv[0]).toMatch(
      /^Date and time \(Europe\/London\),Incident,Site,Source,Kind,Category,Who was involved,Reported by,Reported on,Reported to,What happened,Severity/,
    );
    expect(csv.length - 1).toBe(sql("SELECT COUNT(*) FROM incidents"));
    expect(csv.find((line) => line.includes("CSC-77"))).toMatch(
      /Referred to Children's social care on 2026-11-20 10:00 GMT \(ref CSC-77\); outcome awaited,,Supported,dsl@school.test \(u-dsl\),2026-11-21 09:00 GMT,Loss of device for a week,/,
    );
  });

  it("policy change log export: one line per change", () => {
    const report = generate(person("auditor"), "policy-change-log", WEEK);
    expect(tableOf(report, "Policy change log")?.rows.map((r) => r[4])).toEqual(["first policy", "groups.students"]);
  });
});

describe("who may read what", () => {
  it("refuses reports holding cases to roles without the safeguarding permission", () => {
    expect(() => generate(board, "dsl-digest")).toThrow(/reports:safeguarding/);
    expect(() => generate(ict, "incident-log")).toThrow(/reports:safeguarding/);
    expect(() => generate(board, "policy-change-log")).toThrow(/policy:read/);
  });

  it("the board's reports never carry a client address", () => {
    const addresses = (
      inspector.rows("SELECT DISTINCT client_address FROM events") as { client_address: string }[]
    ).map((row) => row.client_address);
    for (const kind of ["board-quarterly", "annual-review", "weekly-ict"] as const) {
      const text = JSON.stringify(generate(board, kind, { from: "2026-09-01", to: "2026-12-20" }));
      for (const address of addresses) expect(text).not.toContain(address);
    }
  });

  it("the annual review's DSL copy lists the cases; the board's copy does not, and the board cannot open the DSL's", () => {
    const dslCopy = actions.reports.generate(dsl, {
      kind: "annual-review",
      ...{ from: "2026-09-01", to: "2026-12-20" },
    });
    const boardCopy = actions.reports.generate(board, {
      kind: "annual-review",
      ...{ from: "2026-09-01", to: "2026-12-20" },
    });
    expect(tableOf(dslCopy.body, "The year's cases")?.rows.length).toBeGreaterThan(0);
    expect(tableOf(boardCopy.body, "The year's cases")).toBeUndefined();
    expect(actions.reports.list(board).map((r) => r.id)).toContain(boardCopy.id);
    expect(actions.reports.list(board).map((r) => r.id)).not.toContain(dslCopy.id);
    expect(() => actions.reports.get(board, { id: dslCopy.id })).toThrow(/no report/);
  });

  it("a user limited to one site gets reports of that site only", () => {
    const report = generate(person("dsl", ["school-b"]), "dsl-digest");
    expect(report.sites.map((s) => s.id)).toEqual(["school-b"]);
    expect(() =>
      actions.reports.generate(person("dsl", ["school-b"]), { kind: "dsl-digest", sites: ["school-a"] }),
    ).toThrow(/not yours/);
  });

  it("the annual review names the category gaps: licensed feeds not yet supplied", () => {
    const report = generate(board, "annual-review", { from: "2026-09-01", to: "2026-12-20" });
    const actions = tableOf(report, "Actions")?.rows.map((r) => String(r[0])) ?? [];
    // Both sites lack the IWF feed: one action names them both; only Riverside's filter is stale.
    expect(actions.filter((a) => a.includes("iwf-url-list"))).toEqual([
      expect.stringMatching(/^All 2 sites: supply the licensed feed for ".+" \(iwf-url-list\)\.$/),
    ]);
    expect(actions.filter((a) => a.includes("not updating its lists"))).toEqual([
      expect.stringMatching(/^Riverside College: the filter ".+" is not updating its lists/),
    ]);
  });
});

describe("stored reports", () => {
  it("keep their data version, which moves when new data arrives", () => {
    const first = actions.reports.generate(ict, { kind: "weekly-ict", ...WEEK });
    const again = actions.reports.generate(ict, { kind: "weekly-ict", ...WEEK });
    expect(again.dataVersion).toBe(first.dataVersion);
    const { token } = services.enrolment.issueEnrolmentToken("school-a");
    seedEvents(
      services,
      { id: services.enrolment.enrol(token, "gw-x").agentId, siteId: "school-a" },
      { count: 3, end: NOW, days: 1, seed: 9 },
    );
    expect(actions.reports.generate(ict, { kind: "weekly-ict", ...WEEK }).dataVersion).not.toBe(first.dataVersion);
    expect(services.audit.page(0, 10_000, "report.generated").length).toBeGreaterThan(3);
  });
});
