import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";

const now = new Date("2026-12-01T12:00:00Z");

function beat(lists: { id: string; entries: number }[], update: { at: string; ok: boolean } | null) {
  return {
    schemaVersion: 2,
    agentVersion: "0.1.0",
    uptimeSeconds: 60,
    queries: {},
    outbox: { depth: 0, dropped: 0 },
    upstreams: [],
    lists: { version: "v", builtAt: "2026-11-28T12:00:00Z", lists: lists.map((l) => ({ ...l, version: "v7" })) },
    listsUpdate: update ? { ...update, version: "v", errors: [] } : null,
  };
}

describe("coverage from the agents' last heartbeats, against a real database", () => {
  const stores = openTestStores(":memory:");
  const { services } = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  services.enrolment.createSite("school-a", "Hillside");
  const enrol = (name: string) =>
    services.enrolment.enrol(services.enrolment.issueEnrolmentToken("school-a").token, name).agentId;
  const gw1 = enrol("gw-1");
  const gw2 = enrol("gw-2");
  const adult = () => services.coverage.site("school-a").find((c) => c.category.id === "adult");

  it("is not loaded before any agent reports", () => {
    expect(adult()).toMatchObject({ covered: false, reason: "configured but not loaded" });
  });

  it("takes the most entries any live agent holds, aged from its last good update", () => {
    services.fleet.heartbeat({ id: gw1, siteId: "school-a" }, beat([{ id: "ut1-adult", entries: 10 }], null));
    services.fleet.heartbeat(
      { id: gw2, siteId: "school-a" },
      beat([{ id: "ut1-adult", entries: 40 }], { at: "2026-11-30T12:00:00Z", ok: true }),
    );
    const loaded = adult()?.sources.find((s) => s.id === "ut1-adult");
    expect(loaded).toMatchObject({ state: "loaded", entries: 40, version: "v7", ageDays: 1 });
    expect(adult()).toMatchObject({ covered: true, entries: 40 });
  });

  it("forgets a revoked agent's lists", () => {
    services.fleet.heartbeat({ id: gw1, siteId: "school-a" }, beat([], null));
    services.enrolment.revokeAgent("school-a", gw2);
    expect(adult()).toMatchObject({ covered: false, reason: "configured but not loaded" });
  });
});
