import { AlertFollowUpStore } from "../alert-follow-up-store.ts";
import { AlertStore } from "../alert-store.ts";
import { EventQueryStore } from "../event-query-store.ts";
import { EventStore } from "../event-store.ts";
import type { HubDatabase } from "../hub-database.ts";
import { IncidentStore } from "../incident-store.ts";
import { ReportStore } from "../report-store.ts";
import { RetentionStore } from "../retention-store.ts";
import { RollupStore } from "../rollup-store.ts";
import type { SettingsStore } from "../settings-store.ts";
import { BATCH, CounterSettings, RECEIVED_AT, seedOtherConcerns } from "./group-b-fixture.ts";
import { alertsAndFollowUps, reportsOf } from "./group-b-scenario-alerts.ts";

/** The group's stores on one database. */
export type GroupBStores = ReturnType<typeof openGroupB>;

/** What a scenario step gave, by name: compared between the two databases. */
export type Results = Record<string, unknown>;

function openGroupB(db: HubDatabase) {
  const rollups = new RollupStore(db);
  return {
    rollups,
    events: new EventStore(db, rollups, new CounterSettings(db) as unknown as SettingsStore),
    incidents: new IncidentStore(db),
    eventQueries: new EventQueryStore(db),
    alerts: new AlertStore(db),
    followUps: new AlertFollowUpStore(db),
    reports: new ReportStore(db),
    retention: new RetentionStore(db),
  };
}

/** Every public method of the group's stores, with the same calls on either database; returns what each gave. */
export function scenario(db: HubDatabase): Results {
  seedOtherConcerns(db);
  const stores = openGroupB(db);
  const out: Results = {};
  const ids = incidentsAndEvents(stores, out);
  alertsAndFollowUps(stores, ids, out);
  rollupsReportsAndRetention(db, stores, ids, out);
  return out;
}

/** Incidents, the events of three months (one re-sent), and the event queries. */
function incidentsAndEvents(stores: GroupBStores, out: Results) {
  const { events, incidents, eventQueries } = stores;
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

  return { evidenceOf, reported, followed };
}

function rollupsReportsAndRetention(
  db: HubDatabase,
  { rollups, reports, retention, incidents, eventQueries }: GroupBStores,
  { evidenceOf, reported }: { evidenceOf: number; reported: number },
  out: Results,
): void {
  rollups.addQueryCounts("school-a", "2026-03-10T09", [
    { group: "students", outcome: "resolved", label: "", n: 90 },
    { group: "students", outcome: "blocked", label: "adult", n: 10 },
  ]);
  rollups.addQueryCounts("school-a", "2026-03-10T09", [{ group: "students", outcome: "resolved", label: "", n: 5 }]);
  out.reports = reportsOf(reports);
  const rollupRows = () =>
    db
      .prepare(
        `SELECT * FROM rollup_events UNION ALL SELECT * FROM rollup_months UNION ALL SELECT * FROM rollup_names
         ORDER BY 1, 2, 3, 4, 5`,
      )
      .all();
  // Reports read the names' pending counts (above); the table itself holds them once folded.
  rollups.foldPendingNames();
  const fromIngest = rollupRows();
  db.exec("DELETE FROM rollup_events; DELETE FROM rollup_months; DELETE FROM rollup_names");
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
}
