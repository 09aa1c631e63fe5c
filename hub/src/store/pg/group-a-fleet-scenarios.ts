import type { ReportDocument } from "../../domain/report-document.ts";
import { CoverageHistoryStore } from "../coverage-history-store.ts";
import { FleetAlertStore, type FleetEpisode } from "../fleet-alert-store.ts";
import { FleetStore, type HeartbeatCount } from "../fleet-store.ts";
import type { HubDatabase } from "../hub-database.ts";
import { PolicyStore } from "../policy-store.ts";
import { ReportArchiveStore, type ReportSchedule } from "../report-archive-store.ts";
import type { RollupStore } from "../rollup-store.ts";

/**
 * Test support for `group-a.pg.test.ts`: the same calls on a store, on SQLite and on PostgreSQL,
 * each returning what the store answered, in order, for the test to compare.
 */
export type Scenario = (db: HubDatabase) => unknown[];

/** What the fleet hands the rollups (another concern's store): recorded, as both databases must see the same. */
export function recordingRollups(calls: unknown[]): RollupStore {
  return {
    addQueryCounts: (siteId: string, hour: string, counts: readonly HeartbeatCount[]) =>
      calls.push({ siteId, hour, counts }),
    addHeartbeatQueries: (hour: string, heartbeatId: number | bigint) =>
      calls.push({ hour, heartbeatId: Number(heartbeatId) }),
  } as unknown as RollupStore;
}

/** A heartbeat body as the fleet service stores it (minified JSON), with an upstream down and one up. */
const BEAT = JSON.stringify({
  schemaVersion: 2,
  queries: { allowed: 12, blocked: 3 },
  upstreams: [
    { url: "https://dns.one/dns-query", healthy: false, lastError: 'timed out "twice"\nthen refused: café' },
    { url: "https://dns.two/dns-query", healthy: true, lastError: null },
    { url: "https://dns.three/dns-query", healthy: false, lastError: null },
  ],
  lists: { builtAt: "2026-03-02T01:00:00.000Z" },
  listsUpdate: { at: "2026-03-02T01:00:05.000Z", ok: false, errors: ["list a: 404", "list b: tls"] },
});
/** A beat with no upstreams and no list update: every column but `queries` empty, as SQLite leaves them. */
const QUIET_BEAT = JSON.stringify({ schemaVersion: 2, queries: {}, lists: { builtAt: null }, listsUpdate: null });
/** A beat after a good list update, its upstreams all healthy. */
const GOOD_BEAT = JSON.stringify({
  schemaVersion: 2,
  queries: { allowed: 1 },
  upstreams: [{ url: "https://dns.two/dns-query", healthy: true, lastError: null }],
  listsUpdate: { at: "2026-03-02T02:00:00.000Z", ok: true, errors: [] },
});

const HEARTBEAT_COLUMNS = `SELECT agent_id, received_at, body, lists_built_at, update_at, update_ok, update_errors,
  unhealthy_upstreams, queries FROM heartbeats ORDER BY received_at`;

export const fleetScenario: Scenario = (db) => {
  const rollupCalls: unknown[] = [];
  const fleet = new FleetStore(db, recordingRollups(rollupCalls));
  const agent = { id: "a1", siteId: "s1", name: "gateway", credentialHash: "cred-1" };
  fleet.createSite("s2", "Second School", "2026-03-01T00:00:00.000Z");
  fleet.createSite("s1", "First School", "2026-03-01T00:00:01.000Z");
  fleet.createEnrolmentToken("tok-1", "s1", "2026-03-08T00:00:00.000Z");
  const out: unknown[] = [fleet.site("s1"), fleet.site("nowhere"), fleet.sites(), fleet.enrolmentToken("tok-1")];
  out.push(fleet.enrolAgent("tok-1", agent, "2026-03-02T00:00:00.000Z"));
  out.push(fleet.enrolAgent("tok-1", { ...agent, id: "a2", credentialHash: "cred-2" }, "2026-03-02T00:01:00.000Z"));
  out.push(fleet.enrolmentToken("tok-1"), fleet.enrolmentToken("tok-unknown"), fleet.agentByCredential("cred-1"));
  out.push(fleet.agentByCredential("cred-2"), fleet.siteAgents("s1"));
  const counts = [{ outcome: "blocked", group: "students", label: "adult", n: 3 }];
  fleet.recordHeartbeat("a1", "2026-03-02T01:00:10.000Z", BEAT, "s1", counts);
  fleet.recordHeartbeat("a1", "2026-03-02T01:05:10.000Z", QUIET_BEAT);
  fleet.recordHeartbeat("a1", "2026-03-02T02:00:10.000Z", GOOD_BEAT, "s1");
  out.push(fleet.siteAgents("s1"), db.prepare(HEARTBEAT_COLUMNS).all(), rollupCalls);
  out.push(fleet.revokeAgent("a1", "2026-03-03T00:00:00.000Z"), fleet.revokeAgent("a1", "2026-03-04T00:00:00.000Z"));
  out.push(fleet.agentByCredential("cred-1"), fleet.siteAgents("s2"));
  return out;
};

export const fleetAlertScenario: Scenario = (db) => {
  new FleetStore(db, recordingRollups([])).createSite("s1", "First School", "2026-03-01T00:00:00.000Z");
  db.prepare("INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES (?, ?, ?, ?, ?)").run(
    "a1",
    "s1",
    "gateway",
    "cred-1",
    "2026-03-01T00:00:00.000Z",
  );
  const alerts = new FleetAlertStore(db);
  const episode: FleetEpisode = {
    agentId: "a1",
    problem: "offline",
    siteId: "s1",
    startedAt: "2026-03-02T00:00:00.000Z",
    recipients: ["ict@school.example", "head@school.example"],
    status: "sent",
    error: null,
  };
  const out: unknown[] = [alerts.open(episode), alerts.open({ ...episode, status: "again" })];
  out.push(alerts.open({ ...episode, problem: "stale-lists", startedAt: "2026-03-01T12:00:00.000Z", error: "smtp" }));
  out.push(alerts.all());
  alerts.close("a1", "offline");
  out.push(alerts.all(), alerts.open({ ...episode, startedAt: "2026-03-05T00:00:00.000Z" }), alerts.all());
  return out;
};

export const policyScenario: Scenario = (db) => {
  new FleetStore(db, recordingRollups([])).createSite("s1", "First School", "2026-03-01T00:00:00.000Z");
  const policies = new PolicyStore(db);
  const out: unknown[] = [policies.current("s1"), policies.changes("s1", 10)];
  out.push(
    policies.replace("s1", '{"block":["adult"]}', { at: "2026-03-02T00:00:00.000Z", by: "u1", reason: "first" }),
  );
  policies.note("s1", { at: "2026-03-02T01:00:00.000Z", by: "u2", reason: "sanction set" });
  out.push(policies.replace("s1", '{"block":[]}', { at: "2026-03-03T00:00:00.000Z", by: "u1", reason: "second" }));
  out.push(policies.current("s1"), policies.changes("s1", 10), policies.changes("s1", 1));
  return out;
};

export const coverageScenario: Scenario = (db) => {
  const fleet = new FleetStore(db, recordingRollups([]));
  fleet.createSite("s1", "First School", "2026-03-01T00:00:00.000Z");
  const coverage = new CoverageHistoryStore(db);
  const day = (covered: boolean, entries: number) => [
    { category: "self-harm", covered, entries },
    { category: "adult", covered: true, entries: entries * 2 },
  ];
  const out: unknown[] = [coverage.hasDay("s1", "2026-03-01")];
  coverage.record("s1", "2026-03-01", day(false, 0), "2026-03-02T00:00:00.000Z");
  coverage.record("s1", "2026-03-02", day(true, 5), "2026-03-03T00:00:00.000Z");
  // A day recorded already stays as it was.
  coverage.record("s1", "2026-03-02", day(false, 99), "2026-03-03T01:00:00.000Z");
  out.push(coverage.hasDay("s1", "2026-03-01"), coverage.days("s1", "2026-03-01", "2026-03-31"));
  out.push(coverage.days("s1", "2026-03-02", "2026-03-02"), coverage.days("s1", "2026-04-01", "2026-04-30"));
  out.push(coverage.purgeBefore("2026-03-02"), coverage.days("s1", "2026-01-01", "2026-12-31"));
  return out;
};

/** A stored report as the report service builds one, cut down to what the archive reads. */
function reportDocument(title: string, generatedAt: string): ReportDocument {
  return {
    kind: "weekly-ict",
    title,
    audience: "ICT",
    period: { from: "2026-03-02", to: "2026-03-08", label: "week 10" },
    sites: [
      { id: "s1", name: "First School" },
      { id: "s2", name: "Second School" },
    ],
    generatedAt,
    generatedBy: "u1",
    dataVersion: "events:12;incident:3",
    introduction: "What the week looked like.",
    sections: [],
  };
}

export const reportArchiveScenario: Scenario = (db) => {
  const archive = new ReportArchiveStore(db);
  const out: unknown[] = [archive.insert(reportDocument("Week 10", "2026-03-09T06:00:00.000Z"))];
  out.push(archive.insert(reportDocument("Week 11", "2026-03-16T06:00:00.000Z")));
  out.push(archive.list(10), archive.list(1), archive.get(1), archive.get(99));
  const schedule: Omit<ReportSchedule, "id"> = {
    kind: "weekly-ict",
    cron: "0 6 * * 1",
    sites: ["s1"],
    roles: ["ict-admin"],
    createdBy: "u1",
    createdAt: "2026-03-01T00:00:00.000Z",
  };
  out.push(archive.insertSchedule(schedule), archive.insertSchedule({ ...schedule, sites: ["s2"] }));
  out.push(archive.updateSchedule(1, "0 7 * * 1", ["ict-admin", "dsl"]), archive.disableSchedule(2, "2026-03-02"));
  out.push(archive.disableSchedule(2, "2026-03-03"), archive.updateSchedule(2, "0 8 * * 1", []), archive.schedules());
  out.push(archive.defaultsGiven("s1"), archive.markDefaultsGiven("s1", "2026-03-01T00:00:00.000Z"));
  out.push(archive.markDefaultsGiven("s1", "2026-03-02T00:00:00.000Z"), archive.defaultsGiven("s1"));
  return out;
};
