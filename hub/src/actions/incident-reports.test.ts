import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { checkResponseRules, shippedResponseRules } from "../domain/response-rules.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import type { IncidentChange } from "../services/incident-engine.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { LEARNER_REPORTS_PER_HOUR } from "./incident-reports.ts";

const staff: Actor = { userId: "u-staff", email: "teacher@school.test", role: "staff", sites: ["school-a"] };
const other: Actor = { userId: "u-other", email: "other@school.test", role: "staff", sites: ["school-a"] };
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const deputy: Actor = { userId: "u-deputy", email: "deputy@school.test", role: "deputy-dsl", sites: null };
const head: Actor = { userId: "u-head", email: "head@school.test", role: "deputy-dsl", sites: ["school-a"] };

const WHAT = "A pupil said an adult online asked for photos";
const concern = (overrides: Record<string, unknown> = {}) => ({
  siteId: "school-a",
  kind: "cyberbullying",
  concerns: { subject: "person", description: "Year 8 pupil" },
  reportedBy: "Ms Teacher",
  occurredAt: "2026-07-01T10:30:00+01:00",
  whatHappened: WHAT,
  immediateRisk: "no",
  ...overrides,
});

let hub: ReturnType<typeof createHub>;
let notified: IncidentChange[];

beforeEach(() => {
  hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
  notified = [];
  hub.services.alerts.notify = (changes) => void notified.push(...changes);
  hub.services.enrolment.createSite("school-a", "School A");
  hub.services.enrolment.createSite("school-b", "School B");
});

const report = (actor: Actor, overrides: Record<string, unknown> = {}) =>
  hub.actions.incidentReports.report(actor, concern(overrides));

describe("reporting a concern", () => {
  it("opens a reported incident, graded by its kind, with the report and the flowchart's answers in its record", () => {
    const opened = report(staff);
    expect(opened).toMatchObject({ severity: "medium", state: "new" });
    const view = hub.actions.incidents.view(dsl, { id: opened.id });
    expect(view.incident).toMatchObject({
      source: "report",
      kind: "cyberbullying",
      submittedBy: "teacher@school.test",
      restricted: false,
      clientAddress: "",
      category: "",
      eventCount: 0,
      firstSeen: "2026-07-01T09:30:00.000Z",
      severity: "medium",
    });
    expect(view.entries.map((e) => e.kind)).toEqual(["reported", "details"]);
    expect(view.record.reported?.body).toMatchObject({
      concerns: { subject: "person", description: "Year 8 pupil" },
      whatHappened: WHAT,
      illegalMaterial: "unsure",
    });
    expect(view.record.details?.body).toEqual({
      reportedBy: "Ms Teacher",
      reportedTo: "the DSL",
      description: WHAT,
      illegalMaterial: "unsure",
      immediateRisk: "no",
    });
    expect(view.events).toEqual([]);
  });

  it("audits the report without what was said, and passes the change to alerts after it is stored", () => {
    const opened = report(staff, { kind: "grooming-or-contact" });
    const [entry] = hub.services.audit.page(0, 100, "incident.reported");
    expect(entry).toMatchObject({ action: "incident.reported", target: `incident ${opened.id}`, site: "school-a" });
    expect(JSON.stringify(entry)).not.toContain("photos");
    expect(JSON.stringify(entry)).not.toContain("Year 8");
    expect(notified).toEqual([
      expect.objectContaining({
        incidentId: opened.id,
        incidentKind: "grooming-or-contact",
        severity: "high",
        atOnce: false,
        restricted: false,
      }),
    ]);
  });

  it.each([
    [{ immediateRisk: "yes" }, false],
    [{ illegalMaterial: "yes" }, true],
  ])("%o raises it to critical and asks for an alert at once", (answers, illegal) => {
    const opened = report(staff, answers);
    expect(opened.severity).toBe("critical");
    expect(notified[0]).toMatchObject({ severity: "critical", atOnce: true, illegal });
    expect(hub.services.incidents.find(opened.id)?.illegal).toBe(illegal);
  });

  it.each([
    ["a site the user does not work with", staff, { siteId: "school-b" }, "not-found"],
    ["a site that does not exist", dsl, { siteId: "school-z" }, "not-found"],
    ["a kind only the filter raises", staff, { kind: "filtered-lookup" }, "invalid-request"],
    ["a time without its offset", staff, { occurredAt: "2026-07-01T10:30" }, "invalid-request"],
    ["a time in the future", staff, { occurredAt: "2999-01-01T00:00:00Z" }, "invalid-request"],
    ["nothing said about what happened", staff, { whatHappened: "  " }, "invalid-request"],
    ["an answer that is not yes, no or unsure", staff, { immediateRisk: "maybe" }, "invalid-request"],
    ["a field nobody asked for", staff, { severity: "low" }, "invalid-request"],
  ] as const)("refuses %s", (_what, actor, overrides, code) => {
    expect(() => report(actor, overrides)).toThrow(expect.objectContaining({ code }));
    expect(hub.services.stores.incidents.totals().incidents).toBe(0);
  });

  it("refuses a role without incidents:report", () => {
    const board: Actor = { userId: "b", email: "b@school.test", role: "board", sites: null };
    expect(() => report(board)).toThrow(expect.objectContaining({ code: "forbidden" }));
  });
});

describe("what a staff user sees", () => {
  it("their own reports only (kind, when, state), and none of the DSL's views", () => {
    const mine = report(staff);
    report(other);
    expect(hub.actions.incidentReports.myReports(staff)).toEqual([
      {
        id: mine.id,
        siteId: "school-a",
        kind: "cyberbullying",
        occurredAt: "2026-07-01T09:30:00.000Z",
        reportedAt: expect.any(String),
        state: "new",
      },
    ]);
    expect(() => hub.actions.incidents.list(staff)).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => hub.actions.incidents.view(staff, { id: mine.id })).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
  });

  it("a restricted concern they reported stays in their list", () => {
    const mine = report(staff, { kind: "staff-concern" });
    expect(hub.actions.incidentReports.myReports(staff).map((r) => r.id)).toEqual([mine.id]);
  });
});

describe("a concern about a member of staff: only its route knows of it", () => {
  it("by default the DSLs see it and the deputies do not: not found, and not listed", () => {
    const { id } = report(staff, { kind: "staff-concern" });
    const open = report(staff);
    expect(hub.services.incidents.find(id)?.restricted).toBe(true);
    expect(hub.actions.incidents.view(dsl, { id }).incident.kind).toBe("staff-concern");
    expect(hub.actions.incidents.list(dsl).map((i) => i.id)).toEqual([open.id, id]);
    for (const call of [
      () => hub.actions.incidents.view(deputy, { id }),
      () => hub.actions.incidents.siteOf(deputy, { id }),
      () => hub.actions.incidents.addEntry(deputy, { id, entry: { kind: "note", text: "x" } }),
    ])
      expect(call).toThrow(expect.objectContaining({ code: "not-found", message: `no incident ${id}` }));
    expect(hub.actions.incidents.list(deputy).map((i) => i.id)).toEqual([open.id]);
  });

  it("a route naming people for staff concerns decides who sees them", () => {
    hub.services.alerts.setSettings("school-a", {
      routes: [
        {
          name: "Concerns about staff",
          kinds: ["staff-concern"],
          recipients: [{ user: "head@school.test" }],
        },
      ],
    });
    const { id } = report(staff, { kind: "staff-concern" });
    expect(hub.actions.incidents.view(head, { id }).incident.id).toBe(id);
    expect(hub.actions.incidents.list(head).map((i) => i.id)).toEqual([id]);
    expect(() => hub.actions.incidents.view(dsl, { id })).toThrow(expect.objectContaining({ code: "not-found" }));
    expect(() => hub.actions.incidents.view(deputy, { id })).toThrow(expect.objectContaining({ code: "not-found" }));
    expect(hub.actions.incidents.list(dsl)).toEqual([]);
  });
});

describe("the learners' anonymous form", () => {
  const learner = (text: string, clientAddress = "10.0.0.9") =>
    hub.actions.incidentReports.learnerReport({ siteId: "school-a", text, clientAddress });

  it("opens an online-safety concern from the text alone, submitted by nobody", () => {
    const { id } = learner("Someone keeps sending me horrible messages");
    const incident = hub.services.incidents.find(id);
    expect(incident).toMatchObject({ source: "report", kind: "online-safety-concern", submittedBy: null });
    expect(hub.actions.incidents.view(dsl, { id }).record.details?.body).toMatchObject({
      reportedBy: "learner (anonymous form)",
      description: "Someone keeps sending me horrible messages",
    });
  });

  it(`takes ${LEARNER_REPORTS_PER_HOUR} an hour from one address, then refuses; another address is not held back`, () => {
    for (let i = 0; i < LEARNER_REPORTS_PER_HOUR; i++) learner(`report ${i}`);
    expect(() => learner("one too many")).toThrow(expect.objectContaining({ code: "rate-limited" }));
    expect(learner("from elsewhere", "10.0.0.10").id).toBeGreaterThan(0);
    expect(hub.services.stores.incidents.totals().incidents).toBe(LEARNER_REPORTS_PER_HOUR + 1);
  });

  it("refuses more than 4 KB of text, and an unknown site", () => {
    expect(() => learner("x".repeat(4097))).toThrow(expect.objectContaining({ code: "invalid-request" }));
    expect(() =>
      hub.actions.incidentReports.learnerReport({ siteId: "nowhere", text: "hello", clientAddress: "10.1.1.1" }),
    ).toThrow(expect.objectContaining({ code: "not-found" }));
  });
});

describe("the response rules read a report as it opens", () => {
  const rulesGradingCyberbullying = () => {
    const shipped = shippedResponseRules();
    const cyberbullying = { name: "cyberbullying", about: "cyberbullying", when: { kinds: ["cyberbullying"] } };
    return { ...shipped, rules: [...shipped.rules, { ...cyberbullying, grade: "high", alertAtOnce: true }] };
  };

  it("a rule for its kind re-grades it by an entry, and alerts hear of it once, at once", () => {
    const checked = checkResponseRules(JSON.stringify(rulesGradingCyberbullying()));
    if (!checked.ok) throw new Error(checked.problems.join("; "));
    const settings = { responseRules: checked.value };
    hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }), settings });
    hub.services.alerts.notify = (changes) => void notified.push(...changes);
    hub.services.enrolment.createSite("school-a", "School A");
    const opened = report(staff);
    expect(opened.severity).toBe("high");
    const view = hub.actions.incidents.view(dsl, { id: opened.id });
    expect(view.entries.map((e) => [e.by, e.kind])).toEqual([
      ["teacher@school.test (u-staff)", "reported"],
      ["teacher@school.test (u-staff)", "details"],
      ["system (response rules)", "regrade"],
    ]);
    expect(notified).toMatchObject([{ incidentId: opened.id, severity: "high", atOnce: true }]);
    expect(notified).toHaveLength(1);
  });

  it("with the shipped rules a concern with no yes answer is left as its kind grades it", () => {
    const opened = report(staff);
    expect(opened.severity).toBe("medium");
    expect(notified).toMatchObject([{ severity: "medium", atOnce: false }]);
  });
});
