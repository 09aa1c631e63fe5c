import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { AlertFollowUpStore } from "../alert-follow-up-store.ts";
import { AlertStore } from "../alert-store.ts";
import { EventQueryStore } from "../event-query-store.ts";
import { EventStore, type StoredEvent } from "../event-store.ts";
import type { HubDatabase } from "../hub-database.ts";
import { IncidentStore } from "../incident-store.ts";
import { openDatabase } from "../open-database.ts";
import { ReportStore } from "../report-store.ts";
import { RetentionStore } from "../retention-store.ts";
import { RollupStore } from "../rollup-store.ts";
import type { SettingsStore } from "../settings-store.ts";
import { CounterSettings, STAND_IN_TABLES, seedOtherConcerns } from "./group-b-fixture.ts";
import { PgDatabase } from "./pg-database.ts";
import { ALERTS_SCHEMA } from "./schema/alerts.ts";
import { EVENTS_SCHEMA } from "./schema/events.ts";
import { INCIDENTS_SCHEMA } from "./schema/incidents.ts";
import { ROLLUPS_SCHEMA } from "./schema/rollups.ts";

/** The group's schema files in the order their references need, after the other concerns' stand-ins. */
const PG_SCHEMA = [STAND_IN_TABLES, INCIDENTS_SCHEMA, EVENTS_SCHEMA, ALERTS_SCHEMA, ROLLUPS_SCHEMA].join("\n");

const event = (id: string, time: string, overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  id,
  siteId: "school-a",
  agentId: "a-gw",
  time,
  clientAddress: "10.0.0.7",
  group: "students",
  hostname: "laptop-7",
  mac: null,
  name: "casino.example",
  qtype: 1,
  outcome: "blocked",
  categories: ["gambling"],
  monitored: [],
  list: "ut1-gambling",
  listVersion: "v1",
  rule: "casino.example",
  locked: false,
  ...overrides,
});

/** Events over three months; one of January's is an incident's evidence, one lies in its context window. */
const BATCH: StoredEvent[] = [
  event("jan-1", "2026-01-10T09:00:00.000Z"),
  event("jan-evidence", "2026-01-10T10:00:00.000Z", { clientAddress: "10.0.0.9", personId: 1 }),
  event("jan-context", "2026-01-10T10:04:00.000Z", {
    clientAddress: "10.0.0.9",
    outcome: "resolved",
    categories: [],
    monitored: ["dating"],
    name: "date.example",
  }),
  event("jan-old", "2026-01-20T00:00:00.000Z", { siteId: "school-b", agentId: "b-gw", group: "staff" }),
  event("feb-early", "2026-02-03T12:00:00.000Z", { categories: ["adult", "gambling"], locked: true }),
  event("feb-late", "2026-02-20T12:00:00.000Z", { personId: 2, deviceId: 5, user: "bob" }),
  event("mar-1", "2026-03-10T09:30:00.000Z", { name: "adult.example", categories: ["adult"], mac: "aa:bb" }),
  event("mar-2", "2026-03-10T09:45:00.000Z", { outcome: "cached", categories: [], monitored: ["dating"] }),
  event("mar-1", "2026-03-10T09:30:00.000Z", { name: "adult.example", categories: ["adult"], mac: "aa:bb" }),
];
const RECEIVED_AT = "2026-03-10T10:00:00.000Z";
const ALL_SITES = ["school-a", "school-b"];
const MARCH = { sites: ALL_SITES, from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" };
const QUARTER = { sites: ALL_SITES, from: "2026-01-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" };

/** Every public method of the group's stores, with the same calls on either database; returns what each gave. */
function scenario(db: HubDatabase): Record<string, unknown> {
  seedOtherConcerns(db);
  const rollups = new RollupStore(db);
  const events = new EventStore(db, rollups, new CounterSettings(db) as unknown as SettingsStore);
  const incidents = new IncidentStore(db);
  const eventQueries = new EventQueryStore(db);
  const alerts = new AlertStore(db);
  const followUps = new AlertFollowUpStore(db);
  const reports = new ReportStore(db);
  const retention = new RetentionStore(db);
  const out: Record<string, unknown> = {};

  const evidenceOf = incidents.insert({
    siteId: "school-a",
    clientAddress: "10.0.0.9",
    hostname: null,
    mac: null,
    group: "students",
    category: "gambling",
    autoSeverity: "high",
    severity: "high",
    illegal: false,
    openedAt: "2026-01-10T10:00:01.000Z",
    firstSeen: "2026-01-10T10:00:00.000Z",
    lastSeen: "2026-01-10T10:00:00.000Z",
    eventCount: 1,
    personId: 1,
  });
  const reported = incidents.insert({
    siteId: "school-b",
    clientAddress: "",
    hostname: null,
    mac: null,
    group: "",
    category: "",
    autoSeverity: "medium",
    severity: "medium",
    illegal: true,
    openedAt: "2026-03-05T08:00:00.000Z",
    firstSeen: "2026-03-05T08:00:00.000Z",
    lastSeen: "2026-03-05T08:00:00.000Z",
    eventCount: 0,
    source: "report",
    kind: "concern",
    submittedBy: "teacher",
    restricted: true,
    personId: 2,
    userName: "bob",
  });
  // Open, with an escalation and a digest: retention keeps it (it deletes no escalation rows).
  const followed = incidents.insert({
    siteId: "school-b",
    clientAddress: "10.1.0.1",
    hostname: null,
    mac: null,
    group: "staff",
    category: "adult",
    autoSeverity: "medium",
    severity: "medium",
    illegal: false,
    openedAt: "2026-03-05T09:00:00.000Z",
    firstSeen: "2026-03-05T09:00:00.000Z",
    lastSeen: "2026-03-05T09:00:00.000Z",
    eventCount: 1,
  });
  out.ids = [evidenceOf, reported, followed];
  out.unseen = events.unseen(BATCH).map((e) => e.id);
  out.stored = events.insert(BATCH, RECEIVED_AT, new Map([["jan-evidence", evidenceOf]])).map((e) => e.id);
  out.resent = events.insert(BATCH.slice(0, 3), RECEIVED_AT).map((e) => e.id);
  out.unseenAfter = events.unseen(BATCH).map((e) => e.id);
  out.counts = [events.count("school-a"), events.count("school-b")];

  incidents.updateAggregate({
    id: evidenceOf,
    firstSeen: "2026-01-10T10:00:00.000Z",
    lastSeen: "2026-01-10T10:00:00.000Z",
    eventCount: 2,
    autoSeverity: "high",
    severity: "critical",
    repeatEscalated: true,
    hostname: "laptop-9",
    mac: null,
    deviceId: 4,
  });
  out.entrySeqs = [
    incidents.appendEntry(evidenceOf, "2026-03-02T00:00:00.000Z", "dsl", "transition", { to: "triage" }),
    incidents.appendEntry(evidenceOf, "2026-03-03T00:00:00.000Z", "dsl", "note", { text: "called home" }),
    incidents.appendEntry(evidenceOf, "2026-03-04T00:00:00.000Z", "dsl", "correction", { ofSeq: 2, text: "" }),
    incidents.appendEntry(reported, "2026-03-06T00:00:00.000Z", "dsl", "note", { text: "seen" }),
  ];
  incidents.setState(evidenceOf, "triage");
  incidents.setSeverity(reported, "high");
  incidents.setState(reported, "closed");
  out.incident = incidents.get(evidenceOf);
  out.missing = incidents.get(999);
  out.entries = incidents.entries(evidenceOf);
  out.recentOpen = incidents
    .recentOpen("2026-01-01T00:00:00.000Z")
    .map((i) => i.id)
    .sort();
  out.totals = incidents.totals();
  out.ofPeople = incidents.ofPeople([1, 2], evidenceOf, 10).map((i) => i.id);
  out.incidentsByClient = incidents.byClient("laptop-9").map((i) => i.id);
  out.lists = [
    incidents.list({ sites: null, limit: 10 }),
    incidents.list({
      sites: ["school-a"],
      states: ["triage"],
      severities: ["critical"],
      category: "gambling",
      limit: 5,
    }),
    incidents.list({ sites: [], limit: 5, restrictedSites: null }),
    incidents.list({
      sites: null,
      limit: 5,
      submittedBy: "teacher",
      kinds: ["concern"],
      restrictedSites: ["school-b"],
    }),
    incidents.list({ sites: null, limit: 5, beforeId: reported, restrictedSites: null }),
  ].map((list) => list.map((i) => i.id));

  out.latestOfName = eventQueries.latestOfName("school-a", "casino.example");
  out.latestLocked = [
    eventQueries.latestLockedOfName("school-a", "casino.example"),
    eventQueries.latestLockedOfName("school-a", "nope"),
  ];
  out.context = eventQueries.context(
    "school-a",
    "10.0.0.9",
    "2026-01-10T00:00:00.000Z",
    "2026-01-11T00:00:00.000Z",
    10,
  );
  out.ofIncident = eventQueries.ofIncident(
    {
      id: evidenceOf,
      siteId: "school-a",
      clientAddress: "10.0.0.9",
      firstSeen: "2026-01-10T10:00:00.000Z",
      lastSeen: "2026-01-10T10:00:00.000Z",
    },
    10,
  );
  out.eventsByClient = eventQueries.byClient("aa:bb").map((e) => e.id);
  out.searches = [
    eventQueries.search({ sites: null, limit: 100 }),
    eventQueries.search({ sites: ["school-a"], category: "dating", limit: 10 }),
    eventQueries.search({ sites: [], limit: 10 }),
    eventQueries.search({
      sites: null,
      site: "school-a",
      group: "students",
      outcome: "blocked",
      client: "laptop-7",
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-04-01T00:00:00.000Z",
      limit: 2,
      before: { time: "2026-03-10T09:30:00.000Z", id: "mar-1" },
    }),
  ].map((list) => list.map((e) => e.id));

  alerts.record({
    incidentId: evidenceOf,
    at: "2026-03-02T00:00:00.000Z",
    channel: "email",
    recipients: ["dsl@a"],
    status: "sent",
    error: null,
    suppressed: 0,
  });
  alerts.record({
    incidentId: evidenceOf,
    at: "2026-03-02T01:00:00.000Z",
    channel: "email",
    recipients: ["head@a"],
    status: "failed",
    error: "smtp down",
    suppressed: 2,
    step: 2,
    route: "urgent",
  });
  out.alerts = alerts.forIncident(evidenceOf);
  alerts.markSent("k1", "2026-03-02T00:00:00.000Z");
  alerts.markSuppressed("k1");
  alerts.markSuppressed("k1");
  out.throttle = [alerts.throttle("k1"), alerts.throttle("k2")];
  alerts.markSent("k1", "2026-03-02T05:00:00.000Z");
  out.throttleAfterSend = alerts.throttle("k1");
  out.alertSettingsBefore = alerts.settings("school-a");
  alerts.setSettings("school-a", { quiet: true }, "2026-03-01T00:00:00.000Z");
  alerts.setSettings("school-a", { quiet: false }, "2026-03-02T00:00:00.000Z");
  out.alertSettings = alerts.settings("school-a");

  followUps.startEscalation({
    incidentId: evidenceOf,
    siteId: "school-a",
    route: "urgent",
    steps: [["dsl@a"], ["head@a"]],
    nextStep: 2,
    dueAt: "2026-03-02T00:30:00.000Z",
  });
  followUps.startEscalation({
    incidentId: evidenceOf,
    siteId: "school-a",
    route: "other",
    steps: [],
    nextStep: 1,
    dueAt: null,
  });
  followUps.startEscalation({
    incidentId: followed,
    siteId: "school-b",
    route: "r",
    steps: [["x@b"]],
    nextStep: 2,
    dueAt: "2026-03-02T00:10:00.000Z",
  });
  out.due = followUps.due("2026-03-02T01:00:00.000Z").map((e) => e.incidentId);
  followUps.advance(evidenceOf, 3, "2026-03-02T02:00:00.000Z");
  followUps.endEscalation(followed, "taken up");
  out.escalations = [followUps.escalation(evidenceOf), followUps.escalation(followed), followUps.escalation(999)];
  out.acknowledged = [
    followUps.acknowledge({ incidentId: evidenceOf, userId: "u1", email: "dsl@a", at: "2026-03-02T01:30:00.000Z" }),
    followUps.acknowledge({ incidentId: evidenceOf, userId: "u2", email: "head@a", at: "2026-03-02T01:31:00.000Z" }),
  ];
  out.acknowledgement = followUps.acknowledgement(evidenceOf);
  out.escalationAfterAck = followUps.escalation(evidenceOf);
  followUps.enqueueDigest({
    incidentId: evidenceOf,
    siteId: "school-a",
    route: "daily",
    recipients: ["dsl@a"],
    queuedAt: "2026-03-02T00:00:00.000Z",
  });
  followUps.enqueueDigest({
    incidentId: followed,
    siteId: "school-b",
    route: "daily",
    recipients: ["x@b"],
    queuedAt: "2026-03-02T00:00:00.000Z",
  });
  out.sitesWaiting = followUps.sitesWaiting().sort();
  out.waiting = followUps.waiting("school-a");
  out.lastDigestBefore = followUps.lastDigestAt("school-a");
  followUps.recordDigest({
    siteId: "school-b",
    at: "2026-03-03T07:00:00.000Z",
    recipients: ["x@b"],
    incidents: [followed],
    status: "failed",
    error: "smtp",
  });
  followUps.recordDigest({
    siteId: "school-a",
    at: "2026-03-03T07:00:00.000Z",
    recipients: ["dsl@a"],
    incidents: [evidenceOf],
    status: "sent",
    error: null,
  });
  out.afterDigest = [followUps.sitesWaiting(), followUps.waiting("school-a"), followUps.lastDigestAt("school-a")];

  rollups.addQueryCounts("school-a", "2026-03-10T09", [
    { group: "students", outcome: "resolved", label: "", n: 90 },
    { group: "students", outcome: "blocked", label: "adult", n: 10 },
  ]);
  rollups.addQueryCounts("school-a", "2026-03-10T09", [{ group: "students", outcome: "resolved", label: "", n: 5 }]);
  out.reports = reportsOf(reports);
  const rollupRows = () =>
    db.prepare("SELECT * FROM rollup_events UNION ALL SELECT * FROM rollup_names ORDER BY 1, 2, 3, 4, 5").all();
  const fromIngest = rollupRows();
  db.exec("DELETE FROM rollup_events; DELETE FROM rollup_names");
  rollups.rebuildFromEvents();
  out.rebuiltMatchesIngest = JSON.stringify(rollupRows()) === JSON.stringify(fromIngest);
  out.rollups = fromIngest;

  out.purgedIncidents = [
    retention.purgeIncidents("2026-03-06T00:00:00.000Z"),
    retention.purgeIncidents("2026-04-01T00:00:00.000Z"),
  ];
  out.purgedEvents = retention.purgeEvents("2026-02-15T00:00:00.000Z", 5);
  out.eventsLeft = eventQueries.search({ sites: null, limit: 100 }).map((e) => e.id);
  out.purgedAggregates = retention.purgeAggregates("2026-03-10T09:30:00.000Z");
  out.purgedSessions = retention.purgeSessions("2026-03-02T00:00:00.000Z");
  out.incidentAfterPurge = [incidents.get(evidenceOf)?.id, incidents.get(reported)];
  return out;
}

/** Every report query over the scenario's data. */
function reportsOf(reports: ReportStore): Record<string, unknown> {
  return {
    lookups: (["outcome", "client_group", "category", "site_id"] as const).map((by) => reports.lookups(QUARTER, by)),
    lookupsBlocked: reports.lookups(QUARTER, "category", "blocked"),
    allLookups: reports.allLookups(MARCH),
    monthly: reports.monthly(QUARTER, "blocked"),
    // Neither dialect orders a name's categories or the severities: read as sets, compared sorted.
    topNames: reports
      .topNames(QUARTER, "blocked", 5)
      .map((row) => ({ ...row, categories: String(row.categories).split(",").sort().join(",") })),
    heartbeats: reports.heartbeats(MARCH),
    queriesByOutcome: reports.queriesByOutcome(MARCH),
    upstreamErrors: reports.upstreamErrors(MARCH),
    agents: reports.agents(ALL_SITES),
    incidents: [
      reports.incidents(QUARTER),
      reports.incidents(QUARTER, 1),
      reports.incidents({ ...QUARTER, sites: [] }),
    ],
    openIncidents: reports.openIncidents(ALL_SITES).sort((a, b) => String(a.key).localeCompare(String(b.key))),
    entries: reports.entries(MARCH, ["note", "transition"]),
    entriesOf: reports.entriesOf([1, 2]),
    watchList: reports.watchList(QUARTER),
    policyChanges: reports.policyChanges(MARCH),
    auditCount: [reports.auditCount(MARCH, "policy."), reports.auditCount(MARCH, "user.")],
    alertsByStatus: reports.alertsByStatus(MARCH),
    dataVersion: reports.dataVersion(),
  };
}

const TITLE = "group B stores on PostgreSQL, compared with SQLite";
describe.skipIf(!hasPostgres())(
  hasPostgres() ? TITLE : `${TITLE} (skipped: PostgreSQL's server programs are not installed)`,
  () => {
    let cluster: PostgresCluster;
    let pg: PgDatabase;
    let pgResult: Record<string, unknown>;
    let sqliteResult: Record<string, unknown>;

    beforeAll(async () => {
      cluster = await startPostgresCluster();
      const sqlite = openDatabase(":memory:");
      sqliteResult = scenario(sqlite);
      sqlite.close();
      pg = new PgDatabase(cluster.createDatabase("group_b"));
      pg.exec(PG_SCHEMA);
      pgResult = scenario(pg);
    });
    afterAll(() => {
      pg?.close();
      cluster?.stop();
    });

    it("gives what SQLite gives, method by method", () => {
      for (const key of Object.keys(sqliteResult))
        expect({ [key]: pgResult[key] }).toEqual({ [key]: sqliteResult[key] });
      // The scenario reaches what it means to: corrected entries left out, retention keeping evidence.
      expect(pgResult.purgedEvents).toBe(3);
      expect(pgResult.eventsLeft).toEqual(["mar-2", "mar-1", "feb-late", "jan-context", "jan-evidence"]);
      expect(pgResult.rebuiltMatchesIngest).toBe(true);
      expect((pgResult.reports as { auditCount: number[] }).auditCount).toEqual([2, 1]);
    });

    it("stores a re-sent event once and keeps ingest idempotent", () => {
      expect(pgResult.stored).toEqual([
        "jan-1",
        "jan-evidence",
        "jan-context",
        "jan-old",
        "feb-early",
        "feb-late",
        "mar-1",
        "mar-2",
      ]);
      expect(pgResult.resent).toEqual([]);
      expect(pg.prepare("SELECT COUNT(*) FROM events WHERE id = 'mar-1'").pluck().get()).toBe(1);
    });

    it("drops January's partition at retention, keeping its evidence and context, and the later months", () => {
      const partitions = pg
        .prepare(
          "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1",
        )
        .pluck()
        .all();
      // Besides the months of the events, ingest made this month's and the next (the hub's clock).
      expect(partitions).toEqual(
        expect.arrayContaining(["events_2026_02", "events_2026_03", "events_2026_04", "events_kept"]),
      );
      expect(pg.prepare("SELECT COUNT(*) FROM pg_class WHERE relname = 'events_2026_01'").pluck().get()).toBe(0);
      expect(pg.prepare("SELECT id FROM events_kept ORDER BY id").pluck().all()).toEqual([
        "jan-context",
        "jan-evidence",
      ]);
      expect(pgResult.eventsLeft).toEqual(["mar-2", "mar-1", "feb-late", "jan-context", "jan-evidence"]);
    });

    it("puts a late event of a dropped month with the events kept from it", () => {
      const events = new EventStore(pg, new RollupStore(pg), new CounterSettings(pg) as unknown as SettingsStore);
      expect(events.insert([event("jan-late", "2026-01-25T00:00:00.000Z")], RECEIVED_AT).map((e) => e.id)).toEqual([
        "jan-late",
      ]);
      expect(pg.prepare("SELECT tableoid::regclass::text FROM events WHERE id = 'jan-late'").pluck().get()).toBe(
        "events_kept",
      );
    });
  },
);
