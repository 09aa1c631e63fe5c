import type { ReportStore } from "../report-store.ts";
import { ALL_SITES, MARCH, QUARTER } from "./group-b-fixture.ts";
import type { GroupBStores, Results } from "./group-b-scenario.ts";

/** Alerts, their throttle and settings, escalations, acknowledgements and digests. */
export function alertsAndFollowUps(
  { alerts, followUps }: GroupBStores,
  { evidenceOf, followed }: { evidenceOf: number; followed: number },
  out: Results,
): void {
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
}

/** Every report query over the scenario's data. */
export function reportsOf(reports: ReportStore): Record<string, unknown> {
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
