import type { HubServices } from "../hub-services.ts";
import { accountActions } from "./account.ts";
import { agentActions } from "./agents.ts";
import { alertAcknowledgementActions } from "./alert-acknowledgements.ts";
import { alertingActions } from "./alerting.ts";
import { annualReviewActions } from "./annual-reviews.ts";
import { auditActions } from "./audit.ts";
import { coverageActions } from "./coverage.ts";
import { deviceActions } from "./devices.ts";
import { eventActions } from "./events.ts";
import { evidenceActions } from "./evidence.ts";
import { filterCheckActions } from "./filter-checks.ts";
import { incidentReportActions } from "./incident-reports.ts";
import { incidentActions } from "./incidents.ts";
import { overviewActions } from "./overview.ts";
import { peopleActions } from "./people.ts";
import { personWatchActions } from "./person-watch.ts";
import { policyActions } from "./policy.ts";
import { reportScheduleActions } from "./report-schedules.ts";
import { reportActions } from "./reports.ts";
import { retentionActions } from "./retention.ts";
import { reviewRequestActions } from "./review-requests.ts";
import { roamingActions } from "./roaming.ts";
import { sanctionActions } from "./sanctions.ts";
import { siteActions } from "./sites.ts";
import { userActions } from "./users.ts";

export { CLI_ACTOR, SYSTEM_ACTOR } from "./access.ts";

/**
 * Every use case of the hub, built once from the services: each takes (actor, input) and owns the
 * permission and site checks, validation, the audit record and the error. The API, the pages, the
 * command line and the scheduled jobs all call these.
 */
export function createActions(services: HubServices) {
  const reports = reportActions(services);
  const incidents = incidentActions(services);
  const reportSchedules = reportScheduleActions(services, reports.generateScheduled);
  return {
    account: accountActions(services),
    agents: agentActions(services),
    alertAcknowledgements: alertAcknowledgementActions(services),
    alerting: alertingActions(services),
    annualReviews: annualReviewActions(services),
    audit: auditActions(services),
    coverage: coverageActions(services),
    devices: deviceActions(services),
    events: eventActions(services),
    filterChecks: filterCheckActions(services),
    incidentReports: incidentReportActions(services),
    incidents,
    evidence: evidenceActions(services, incidents),
    overview: overviewActions(services),
    people: peopleActions(services),
    personWatch: personWatchActions(services),
    policy: policyActions(services),
    reports,
    reportSchedules,
    retention: retentionActions(services),
    reviewRequests: reviewRequestActions(services),
    roaming: roamingActions(services),
    sanctions: sanctionActions(services),
    sites: siteActions(services, { store: reportSchedules.storeDefaults, start: reportSchedules.startDefaults }),
    users: userActions(services),
  };
}

export type HubActions = ReturnType<typeof createActions>;
