import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/access.ts";
import type { ReportDocument } from "../domain/report-document.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { openTestDatabase } from "../testing/test-stores.ts";
import { renderHtml } from "./render-html.ts";

const DAY = 86_400_000;
const board: Actor = { userId: "u-board", email: "board@school.test", role: "board", sites: null };

/** A heartbeat whose lists hold the gambling list, or nothing. */
function beat(gambling: boolean) {
  return {
    schemaVersion: 2,
    agentVersion: "0.1.0",
    uptimeSeconds: 60,
    queries: {},
    outbox: { depth: 0, dropped: 0 },
    upstreams: [],
    lists: {
      version: "v",
      builtAt: "2026-10-30T12:00:00Z",
      lists: gambling ? [{ id: "ut1-gambling", entries: 500, version: "v7" }] : [],
    },
    listsUpdate: null,
  };
}

describe("the coverage history and the board's quarterly report", () => {
  const { stores, file } = openTempStores();
  let now = new Date("2026-10-15T12:00:00Z");
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  hub.services.enrolment.createSite("school-a", "Hillside School");
  const agent = hub.services.enrolment.enrol(
    hub.services.enrolment.issueEnrolmentToken("school-a").token,
    "gw",
  ).agentId;
  const heartbeat = (gambling: boolean) =>
    hub.services.fleet.heartbeat({ id: agent, siteId: "school-a" }, beat(gambling));
  const report = async (from: string, to: string) => {
    const made = hub.actions.reports.generate(board, { kind: "board-quarterly", from, to });
    return renderHtml(made.body as ReportDocument);
  };

  it("records each site once a day from the sweep: a second run the same day adds nothing", () => {
    // Recording starts on 1 November; the days of October before it have no record.
    heartbeat(true);
    for (let t = Date.parse("2026-11-01T12:00:00Z"); t < Date.parse("2027-01-01T00:00:00Z"); t += DAY) {
      now = new Date(t);
      if (now.toISOString().startsWith("2026-12-10")) continue; // the hub was down that day
      if (now.toISOString().startsWith("2026-12-20")) heartbeat(false); // the gambling list is lost
      expect(hub.services.coverageHistory.recordToday()).toBe(1);
      expect(hub.services.coverageHistory.recordToday()).toBe(0);
    }
    const db = openTestDatabase(file, { readonly: true });
    const days = db.prepare("SELECT count(DISTINCT day) FROM coverage_days WHERE site_id = 'school-a'").pluck().get();
    db.close();
    expect(days).toBe(60);
  });

  it("shows per category the days of the quarter covered, and no record before recording started, in red when short", async () => {
    now = new Date("2027-01-04T08:00:00Z");
    const html = await report("2026-10-01", "2027-01-01");
    expect(html).toContain("Coverage over the quarter");
    expect(html).toContain(
      '<p class="statement attention">Child sexual abuse material: covered 0 of 92 days; no record for the 31 days before recording started; no record for 1 other day.</p>',
    );
    // 1 November to 19 December, bar the day without a record: 48 days.
    expect(html).toContain(
      '<p class="statement attention">Gambling: covered 48 of 92 days; no record for the 31 days before recording started; no record for 1 other day.</p>',
    );
  });

  it("a category covered every day of the period is stated in the green style", async () => {
    const html = await report("2026-11-01", "2026-12-01");
    expect(html).toContain('<p class="statement ok">Gambling: covered 30 of 30 days.</p>');
    expect(html).toContain('<p class="statement attention">Terrorist content: covered 0 of 30 days.</p>');
  });

  it("keeps the history three years (1095 days)", () => {
    now = new Date("2029-10-30T03:00:00Z");
    expect(hub.actions.retention.run(SYSTEM_ACTOR).coverageDays).toBe(0);
    now = new Date("2029-12-15T03:00:00Z");
    expect(hub.actions.retention.run(SYSTEM_ACTOR).coverageDays).toBeGreaterThan(0);
    const left = stores.coverageHistory.days("school-a", "2026-01-01", "2027-12-31");
    expect(left.map((d) => d.firstDay)).toEqual(left.map(() => "2026-12-16"));
  });
});
