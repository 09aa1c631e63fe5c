import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";
import { type HubStores, openHubStores } from "./open-stores.ts";
import { openTempStores, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

/** A database file left at schema version `version`, filled by `fill`, as an older hub would have left it. */
function oldDatabase(version: number, fill: string): string {
  const { stores: fresh, file } = openTempStores();
  fresh.close();
  // A new file in the same folder, built only up to `version`.
  const path = file.replace(/hub\.sqlite$/, `hub-v${version}.sqlite`);
  const db = openDatabase(path, version);
  expect(db.pragma("user_version", { simple: true })).toBe(version);
  db.exec(fill);
  db.close();
  return path;
}

const SITE_AND_AGENT = `
  INSERT INTO sites VALUES ('school-a', 'Hillside', '2025-09-01T00:00:00.000Z');
  INSERT INTO enrolment_tokens VALUES ('token-hash', 'school-a', '2025-09-02T00:00:00.000Z', '2025-09-01T10:00:00.000Z');
  INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES ('gw-1', 'school-a', 'gateway', 'cred', '2025-09-01T10:00:00.000Z');
`;
const EVENT = (id: string, time: string, outcome: string, categories: string, monitored: string) => `
  INSERT INTO events VALUES ('${id}', 'school-a', 'gw-1', '${time}', '10.0.0.7', 'students', NULL, NULL, 'casino.example', 1,
    '${outcome}', '${categories}', '${monitored}', 'ut1', 'v1', NULL, 0, '${time}');`;

describe("migrations", () => {
  it("upgrade a database from the oldest schema with its rows intact, and the new tables work", () => {
    const path = oldDatabase(
      1,
      SITE_AND_AGENT +
        EVENT("e-1", "2025-09-02T09:00:00.000Z", "blocked", '["gambling"]', "[]") +
        EVENT("e-2", "2025-09-02T09:30:00.000Z", "blocked", '["gambling"]', "[]") +
        EVENT("e-3", "2025-09-02T10:00:00.000Z", "resolved", "[]", '["dating"]'),
    );
    stores = openHubStores(path);
    expect(stores.fleet.site("school-a")).toEqual({
      id: "school-a",
      name: "Hillside",
      createdAt: "2025-09-01T00:00:00.000Z",
    });
    expect(stores.fleet.enrolmentToken("token-hash")?.usedAt).toBe("2025-09-01T10:00:00.000Z");
    expect(stores.fleet.agentByCredential("cred")).toEqual({ id: "gw-1", siteId: "school-a", revokedAt: null });
    expect(stores.events.count("school-a")).toBe(3);
    const [latest] = stores.eventQueries.search({ sites: null, limit: 1 });
    expect(latest).toMatchObject({ id: "e-3", monitored: ["dating"], incidentId: null, locked: false });
    // Migration 6 built the rollups from the events already there.
    const day = { sites: ["school-a"], from: "2025-09-02T00", to: "2025-09-03T00" };
    expect(stores.reportData.lookups(day, "category")).toEqual([
      { key: "gambling", n: 2 },
      { key: "dating", n: 1 },
    ]);
    // Columns and tables added since: heartbeats, policies, users, incidents, query counts, reports.
    stores.fleet.recordHeartbeat("gw-1", "2025-09-03T09:00:00.000Z", '{"queries":{"resolved":1}}', "school-a", [
      { group: "students", outcome: "resolved", label: "", n: 1 },
    ]);
    expect(stores.fleet.siteAgents("school-a")[0]?.lastSeenAt).toBe("2025-09-03T09:00:00.000Z");
    expect(stores.policies.replace("school-a", "{}", { at: "2025-09-03", by: "ict", reason: "first" })).toBe(1);
    stores.events.insert(
      [storedEvent({ id: "e-4", agentId: "gw-1" })],
      "2026-11-23T09:00:00.000Z",
      new Map([["e-4", 1]]),
    );
    expect(stores.eventQueries.search({ sites: null, limit: 1 })[0]).toMatchObject({ id: "e-4", incidentId: 1 });
    expect(stores.audit.append({ at: "2025-09-03", actor: "ict", action: "x", target: null, detail: {} }).seq).toBe(1);
  });

  it("carry incident links into the events, and fill the heartbeat columns from the bodies stored before", () => {
    const heartbeat = JSON.stringify({
      queries: { resolved: 5 },
      lists: { builtAt: "2025-09-01T00:00:00.000Z" },
      listsUpdate: { at: "2025-09-01T00:00:00.000Z", ok: false, errors: ["ut1: HTTP 500"] },
      upstreams: [{ url: "udp://b", healthy: false, lastError: "timeout" }],
    });
    const path = oldDatabase(
      4,
      `${SITE_AND_AGENT}${EVENT("e-1", "2025-09-02T09:00:00.000Z", "blocked", '["adult"]', "[]")}
      INSERT INTO heartbeats VALUES ('gw-1', '2025-09-02T09:00:00.000Z', '${heartbeat}');
      INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity, severity, state, illegal,
        opened_at, first_seen, last_seen, event_count)
        VALUES ('school-a', '10.0.0.7', 'students', 'adult', 'high', 'high', 'new', 0, '2025-09-02', '2025-09-02', '2025-09-02', 1);
      INSERT INTO incident_events VALUES (1, 'e-1');`,
    );
    stores = openHubStores(path);
    expect(stores.eventQueries.search({ sites: null, limit: 1 })[0]?.incidentId).toBe(1);
    expect(stores.incidents.get(1)).toMatchObject({ category: "adult", state: "new" });
    const range = { sites: ["school-a"], from: "2025-09-01", to: "2025-09-03" };
    expect(stores.reportData.heartbeats(range)[0]).toMatchObject({
      listsBuiltAt: "2025-09-01T00:00:00.000Z",
      updateOk: 0,
    });
    expect(stores.reportData.upstreamErrors(range)).toEqual([
      { site: "school-a", upstream: "udp://b", n: 1, lastError: "timeout" },
    ]);
  });

  it("give alerts sent before routes step 1 and no route, and keep escalations, acknowledgements, digests and fleet episodes (step 13)", () => {
    const path = oldDatabase(
      12,
      `${SITE_AND_AGENT}
      INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity, severity, state, illegal,
        opened_at, first_seen, last_seen, event_count)
        VALUES ('school-a', '10.0.0.7', 'students', 'self-harm', 'high', 'high', 'new', 0, '2025-09-02', '2025-09-02', '2025-09-02', 1);
      INSERT INTO alerts (incident_id, at, channel, recipients, status, error, suppressed)
        VALUES (1, '2025-09-02T09:00:00.000Z', 'email', '["dsl@school.test"]', 'sent', NULL, 0);`,
    );
    stores = openHubStores(path);
    expect(stores.alerts.forIncident(1)).toMatchObject([{ channel: "email", step: 1, route: null }]);
    const escalation = { incidentId: 1, siteId: "school-a", route: "r", steps: [["a@x.test"], ["b@x.test"]] };
    stores.alertFollowUps.startEscalation({ ...escalation, nextStep: 2, dueAt: "2025-09-02T09:15:00.000Z" });
    expect(stores.alertFollowUps.due("2025-09-02T09:15:00.000Z")).toEqual([
      { ...escalation, nextStep: 2, dueAt: "2025-09-02T09:15:00.000Z", ended: null },
    ]);
    expect(stores.alertFollowUps.acknowledge({ incidentId: 1, userId: "u", email: "a@x.test", at: "t" })).toBe(true);
    stores.alertFollowUps.enqueueDigest({
      incidentId: 1,
      siteId: "school-a",
      route: "r",
      recipients: ["a@x.test"],
      queuedAt: "t",
    });
    expect(stores.alertFollowUps.sitesWaiting()).toEqual(["school-a"]);
    const episode = {
      agentId: "gw-1",
      problem: "offline" as const,
      siteId: "school-a",
      startedAt: "t",
      recipients: [],
      status: "sent",
      error: null,
    };
    expect(stores.fleetAlerts.open(episode)).toBe(true);
    expect(stores.fleetAlerts.open(episode)).toBe(false);
  });

  it("leave a database at the newest version alone when it is opened again", () => {
    const { stores: first, file } = openTempStores();
    first.settings.set("kept", "yes");
    first.close();
    stores = openHubStores(file);
    expect(stores.settings.get("kept")).toBe("yes");
    expect(MIGRATIONS.length).toBeGreaterThan(1);
  });
});
