import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor, Role } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { SYSTEM_ACTOR } from "./access.ts";

let hub: Hub;
const actor = (role: Role, sites: string[] | null = null): Actor => ({
  userId: `${role}-id`,
  email: `${role}@school.test`,
  role,
  sites,
});
const dsl = actor("dsl");
const governor = actor("board");
const key = { siteId: "school-a", year: 2026 };
const audit = () => hub.services.audit.page(0, 100, "annual-review.").map((e) => e.action);

beforeEach(() => {
  hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
  hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-a", name: "School A" });
  hub.actions.sites.create(SYSTEM_ACTOR, { id: "school-b", name: "School B" });
});

/** A 2026 record ready to sign: meeting date, attendees, the attached annual review report, one open action. */
function readyRecord() {
  const reviews = hub.actions.annualReviews;
  reviews.create(dsl, { ...key, meetingOn: "2026-07-10", attendees: [{ name: "Ms Head", role: "slt" }] });
  const report = hub.actions.reports.generate(dsl, { kind: "annual-review", sites: ["school-a"] });
  reviews.attachReport(dsl, { ...key, reportId: report.id });
  reviews.addAction(dsl, { ...key, what: "Supply the IWF list", owner: "ICT lead", dueOn: "2026-10-01" });
  reviews.addAction(dsl, { ...key, what: "Train staff", owner: "DSL", status: "done" });
  return report;
}

describe("annual review actions", () => {
  it("records a review with its report's SHA-256, both sign, and the record locks, in the store too", () => {
    const report = readyRecord();
    const reviews = hub.actions.annualReviews;
    const signed = reviews.signAsDsl(dsl, key);
    expect(signed.dslSignedBy).toBe("dsl@school.test (dsl-id)");
    expect(signed.locked).toBe(false);
    expect(() => reviews.update(dsl, { ...key, decisions: "changed after signing" })).toThrow(/has been signed/);
    const locked = reviews.signAsGovernor(governor, key);
    expect(locked).toMatchObject({ locked: true, reportId: report.id, meetingOn: "2026-07-10" });
    expect(locked.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(() => reviews.signAsGovernor(governor, key)).toThrow(/already signed/);
    // The schema's triggers hold the record even against a direct write.
    const db = (hub.services.stores.annualReviews as unknown as { db: import("better-sqlite3").Database }).db;
    expect(() => db.prepare("UPDATE annual_reviews SET decisions = 'x'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare("UPDATE annual_review_actions SET status = 'done'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare("DELETE FROM annual_reviews").run()).toThrow(/cannot be deleted/);
    expect(audit()).toEqual(
      expect.arrayContaining([
        "annual-review.created",
        "annual-review.report-attached",
        "annual-review.action-added",
        "annual-review.signed-dsl",
        "annual-review.signed-governor",
      ]),
    );
  });

  it("refuses to sign without the report and the meeting date, and a deputy or a board member cannot act as the DSL", () => {
    const reviews = hub.actions.annualReviews;
    reviews.create(dsl, { ...key });
    expect(() => reviews.signAsDsl(dsl, key)).toThrow(/attach the annual review report/);
    expect(() => reviews.signAsDsl(actor("deputy-dsl"), key)).toThrow(/reviews:sign-dsl/);
    expect(() => reviews.signAsGovernor(dsl, key)).toThrow(/reviews:sign-governor/);
    expect(() => reviews.update(governor, { ...key, decisions: "x" })).toThrow(/reviews:write/);
    expect(() => reviews.get(actor("ict-admin"), key)).toThrow(/reviews:read/);
  });

  it("refuses a report that is not an annual review over the site", () => {
    const reviews = hub.actions.annualReviews;
    reviews.create(dsl, { ...key });
    const weekly = hub.actions.reports.generate(dsl, { kind: "weekly-ict", sites: ["school-a"] });
    expect(() => reviews.attachReport(dsl, { ...key, reportId: weekly.id })).toThrow(/not an annual review report/);
    const other = hub.actions.reports.generate(dsl, { kind: "annual-review", sites: ["school-b"] });
    expect(() => reviews.attachReport(dsl, { ...key, reportId: other.id })).toThrow(/not an annual review report/);
    const both = hub.actions.reports.generate(dsl, { kind: "annual-review", sites: ["school-a", "school-b"] });
    const ofA = actor("dsl", ["school-a"]);
    expect(() => reviews.attachReport(ofA, { ...key, reportId: both.id })).toThrow(/not an annual review report/);
    expect(reviews.attachReport(dsl, { ...key, reportId: both.id }).reportId).toBe(both.id);
  });

  it("carries the actions not done into next year's record, naming where each came from", () => {
    readyRecord();
    const reviews = hub.actions.annualReviews;
    const open = reviews.get(dsl, key).actions.find((a) => a.status === "open");
    const next = reviews.create(dsl, { siteId: "school-a", year: 2027 });
    expect(next.actions).toEqual([
      expect.objectContaining({
        what: "Supply the IWF list",
        owner: "ICT lead",
        status: "open",
        carriedFrom: open?.id,
      }),
    ]);
    expect(() => reviews.create(dsl, { siteId: "school-a", year: 2027 })).toThrow(/already a 2027 review/);
  });

  it("next year's annual review report lists the actions still open, and not the ones done", () => {
    readyRecord();
    const range = { from: "2026-09-01", to: "2027-08-31", sites: ["school-a"] };
    const next = hub.actions.reports.generate(dsl, { kind: "annual-review", ...range });
    const text = JSON.stringify(next.body);
    expect(text).toContain("Actions carried from last year's review");
    expect(text).toContain("Supply the IWF list");
    expect(text).not.toContain("Train staff");
    const thisYear = hub.actions.reports.generate(dsl, {
      kind: "annual-review",
      from: "2025-09-01",
      to: "2026-08-31",
      sites: ["school-a"],
    });
    expect(JSON.stringify(thisYear.body)).not.toContain("Supply the IWF list");
  });

  it("a user of school-b is told school-a's record does not exist", () => {
    hub.actions.annualReviews.create(dsl, { ...key });
    const ofB = actor("dsl", ["school-b"]);
    expect(() => hub.actions.annualReviews.get(ofB, key)).toThrow(/no site "school-a"/);
    expect(() => hub.actions.annualReviews.list(ofB, { siteId: "school-a" })).toThrow(/no site/);
    expect(() => hub.actions.annualReviews.create(ofB, { siteId: "school-a", year: 2030 })).toThrow(/no site/);
  });
});
