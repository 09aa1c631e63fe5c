import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/index.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";

const DAY = 86_400_000;
const dsl: Actor = { userId: "u", email: "dsl@school.test", role: "dsl", sites: null };

describe("retention", () => {
  it("purges each class by its period, keeping incident evidence and context while the incident is kept", () => {
    const stores = openTestStores(":memory:");
    let now = new Date("2026-01-10T12:00:00Z");
    const { services, actions } = createHub({
      stores,
      log: pino({ level: "silent" }),
      now: () => now,
      settings: { retention: { rawEventsDays: 30, aggregatesDays: 60, incidentsDays: 200, auditDays: 400 } },
    });
    services.alerts.notify = () => {};
    services.enrolment.createSite("school-a", "A");
    const { token } = services.enrolment.issueEnrolmentToken("school-a");
    const agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
    const t = now.getTime();
    services.ingest.ingest(agent, {
      schemaVersion: 1,
      events: [
        wireEvent({ time: t, categories: ["hate"], name: "evidence.test" }),
        wireEvent({ time: t - 30 * 60_000, categories: ["games"], name: "context.test" }),
        wireEvent({ time: t, categories: ["games"], name: "other-client.test", clientAddress: "10.9.9.9" }),
        wireEvent({ time: t - 3 * 3_600_000, categories: ["games"], name: "outside-context.test" }),
      ],
    });
    services.fleet.heartbeat(
      { id: agent.id },
      {
        schemaVersion: 1,
        agentVersion: "t",
        uptimeSeconds: 1,
        queries: {},
        outbox: { depth: 0, dropped: 0 },
        upstreams: [],
        lists: { version: "v", builtAt: now.toISOString(), lists: [] },
      },
    );
    const names = () =>
      actions.events
        .search(dsl, { limit: 100 })
        .events.map((e) => e.name)
        .sort();

    now = new Date(t + 45 * DAY);
    expect(actions.retention.run(SYSTEM_ACTOR)).toMatchObject({ events: 2, aggregates: 0, incidents: 0 });
    expect(names()).toEqual(["context.test", "evidence.test"]);

    now = new Date(t + 90 * DAY);
    // The heartbeat, and the rollup rows of the four lookups: four hour-and-category rows, two
    // month-and-category rows (hate, games), four names.
    expect(actions.retention.run(SYSTEM_ACTOR)).toMatchObject({ aggregates: 1 + 4 + 2 + 4, incidents: 0 });
    // An open incident is never purged, however old.
    now = new Date(t + 300 * DAY);
    expect(actions.retention.run(SYSTEM_ACTOR).incidents).toBe(0);
    actions.incidents.addEntry(dsl, { id: 1, entry: { kind: "transition", to: "no-further-action", note: "handled" } });
    now = new Date(t + 300 * DAY + 100 * DAY);
    expect(actions.retention.run(SYSTEM_ACTOR).incidents).toBe(0);
    now = new Date(t + 300 * DAY + 201 * DAY);
    // The incident goes with its record, and then its evidence and context in the same run.
    expect(actions.retention.run(SYSTEM_ACTOR)).toMatchObject({ incidents: 1, events: 2 });
    expect(names()).toEqual([]);
    // Five runs audited; the audit period (400 days) has since removed the two oldest records of them.
    expect(services.audit.page(0, 100, "retention.").length).toBe(3);
    expect(services.audit.verify().ok).toBe(true);
  });
});
