import type { Taxonomy } from "@fenceline/shared";
import type { Logger } from "pino";
import type { IncidentRules } from "./domain/incident-rules.ts";
import type { ResponseRules } from "./domain/response-rules.ts";
import { loadDefaultSources } from "./domain/taxonomy.ts";
import type { WebhookPolicy } from "./domain/webhook-policy.ts";
import { ReportService, type ReportSettings } from "./reports/report-service.ts";
import { DigestService } from "./services/alert-digest.ts";
import { AlertSender, type SmtpSettings } from "./services/alert-sender.ts";
import { AlertService } from "./services/alert-service.ts";
import { type AlertJobSettings, AlertSweeper } from "./services/alert-sweeper.ts";
import { AttachmentService, type AttachmentSettings } from "./services/attachment-service.ts";
import { AuditService } from "./services/audit-service.ts";
import { AuthService, type AuthSettings } from "./services/auth-service.ts";
import { ConcernService } from "./services/concern-service.ts";
import { CoverageHistoryService } from "./services/coverage-history-service.ts";
import { CoverageService } from "./services/coverage-service.ts";
import { DeviceImportService } from "./services/device-import.ts";
import { DeviceService } from "./services/device-service.ts";
import { DirectoryImportService } from "./services/directory-import.ts";
import { EnrolmentService } from "./services/enrolment-service.ts";
import { EventService } from "./services/event-service.ts";
import { EvidencePackService } from "./services/evidence-pack-service.ts";
import { FilterCheckService } from "./services/filter-check-service.ts";
import { FleetAlertService } from "./services/fleet-alert-service.ts";
import { FleetService, type FleetSettings } from "./services/fleet-service.ts";
import { IdentityTableService } from "./services/identity-table.ts";
import { IncidentEngine } from "./services/incident-engine.ts";
import { IncidentService } from "./services/incident-service.ts";
import { IngestService } from "./services/ingest-service.ts";
import { JobLeases } from "./services/job-leases.ts";
import { PeopleService } from "./services/people-service.ts";
import { PersonSubjectAccessService } from "./services/person-subject-access.ts";
import { PolicyService } from "./services/policy-service.ts";
import { Pseudonymiser } from "./services/pseudonymiser.ts";
import { RetentionService, type RetentionSettings } from "./services/retention-service.ts";
import { ReviewRequestService } from "./services/review-request-service.ts";
import { SanctionService } from "./services/sanction-service.ts";
import { SubjectAccessService } from "./services/subject-access-service.ts";
import { UserService } from "./services/user-service.ts";
import type { HubStores } from "./store/open-stores.ts";

export interface HubSettings {
  taxonomy: Taxonomy;
  rules: IncidentRules;
  /** The response flow as rules: what the flowchart's answers and referrals decide. */
  responseRules: ResponseRules;
  fleet: FleetSettings;
  auth: AuthSettings;
  retention: RetentionSettings;
  smtp: SmtpSettings | null;
  publicUrl: string;
  /** Where alert webhooks may go. */
  webhooks: WebhookPolicy;
  reports: Pick<ReportSettings, "terms"> & { chromiumPath?: string; pdfQueueLength?: number };
  /** Escalation sweeps, the daily digest's time, and when a silent agent is reported to ICT. */
  alertJobs: AlertJobSettings;
  /** Files attached to incidents: the size limit. */
  attachments: AttachmentSettings;
}

/** Every service of the hub, built once from the stores and the settings: what the actions are built on. */
export function createHubServices(stores: HubStores, settings: HubSettings, log: Logger, now?: () => Date) {
  const audit = new AuditService(stores.audit, now);
  const privacy = new Pseudonymiser(stores.settings);
  const engine = new IncidentEngine(stores, settings.taxonomy, settings.rules, now);
  const sender = new AlertSender(settings.smtp, settings.webhooks);
  const alerts = new AlertService({
    stores,
    sender,
    rules: settings.rules,
    taxonomy: settings.taxonomy,
    privacy,
    publicUrl: settings.publicUrl,
    webhooks: settings.webhooks,
    log: log.child({ module: "alerts" }),
    ...(now ? { now } : {}),
  });
  const alertLog = log.child({ module: "alert-jobs" });
  const jobLeases = new JobLeases(stores.jobLeases, now);
  const zoneOf = (siteId: string) => alerts.siteZone(siteId);
  const coverage = new CoverageService({
    stores,
    taxonomy: settings.taxonomy,
    sources: loadDefaultSources(settings.taxonomy),
    ...(now ? { now } : {}),
  });
  const coverageHistory = new CoverageHistoryService({ stores, coverage, ...(now ? { now } : {}) });
  const alertSweeper = new AlertSweeper(
    [
      { name: "escalations", run: () => alerts.escalateDue() },
      {
        name: "digests",
        run: () =>
          new DigestService({
            ...{ stores, sender, taxonomy: settings.taxonomy, log: alertLog, zoneOf },
            ...{ digestAt: settings.alertJobs.digestAt, link: (id) => alerts.link(id), ...(now ? { now } : {}) },
          }).sendDue(),
      },
      {
        name: "fleet",
        run: () =>
          new FleetAlertService({
            ...{ stores, sender, log: alertLog, zoneOf, publicUrl: settings.publicUrl, ...(now ? { now } : {}) },
            offlineAfterMinutes: settings.alertJobs.agentOfflineAlertMinutes,
            staleListsAfterDays: settings.fleet.staleListsAfterDays,
            settings: (siteId) => alerts.settings(siteId),
          }).check(),
      },
      // Sanctions past their end: recorded as lifted in the change log and their incident, once.
      { name: "sanctions", run: async () => sanctions.liftEnded() },
      // Approved review requests past their end: taken out of the policy again, once.
      { name: "review-requests", run: async () => reviewRequests.liftEnded() },
      // Each site's coverage, once a day: the board's quarterly report counts the days covered.
      { name: "coverage-history", run: async () => coverageHistory.recordToday() },
      // Filtering checks: scheduled runs asked for, unanswered ones missed, failed ones emailed to ICT once.
      { name: "filter-checks", run: () => filterChecks.sweep() },
      // PostgreSQL: the names' counts batches left pending, added to their rows (sends nothing).
      {
        name: "names-rollup",
        run: async () => {
          stores.rollups.foldPendingNames();
          return 0;
        },
      },
    ],
    settings.alertJobs.sweepSeconds * 1000,
    alertLog,
    jobLeases,
  );
  const reports = new ReportService({
    stores,
    taxonomy: settings.taxonomy,
    sources: loadDefaultSources(settings.taxonomy),
    audit,
    settings: {
      terms: settings.reports.terms,
      staleListsAfterDays: settings.fleet.staleListsAfterDays,
      offlineAfterSeconds: settings.fleet.offlineAfterSeconds,
    },
    ...(now ? { now } : {}),
  });
  const policies = new PolicyService(stores, settings.taxonomy, now);
  const sanctions = new SanctionService({ stores, policies, ...(now ? { now } : {}) });
  const reviewRequests = new ReviewRequestService({ stores, policies, ...(now ? { now } : {}) });
  const filterChecks = new FilterCheckService({
    ...{ stores, sender, taxonomy: settings.taxonomy, log: alertLog },
    ...{
      zoneOf: (siteId: string) => policies.timeZone(siteId),
      publicUrl: settings.publicUrl,
      ...(now ? { now } : {}),
    },
  });
  const attachments = new AttachmentService({ stores, settings: settings.attachments, ...(now ? { now } : {}) });
  return {
    stores,
    settings,
    log,
    reports,
    audit,
    privacy,
    engine,
    sender,
    alerts,
    /** Scheduled work done by one hub process at a time: sweeps, retention, report firings. */
    jobLeases,
    /** Escalations, digests and fleet alerts on a timer: started by the hub's server, not by the command line. */
    alertSweeper,
    auth: new AuthService(stores.users, settings.auth, now, stores.signIns),
    users: new UserService(stores, now),
    enrolment: new EnrolmentService(stores, now),
    ingest: new IngestService(stores, engine, (changes) => alerts.notify(changes), now),
    fleet: new FleetService(stores, settings.fleet, now),
    policies,
    /** What each category of a site is filled by, as measured from its agents' heartbeats. */
    coverage,
    coverageHistory,
    /** Who is behind the address: the table each site's agents get with its policy. */
    identityTable: new IdentityTableService(stores.identityTable, now),
    people: new PeopleService(stores, now),
    devices: new DeviceService(stores, now),
    directoryImport: new DirectoryImportService(stores, now),
    deviceImport: new DeviceImportService(stores, now),
    personSubjectAccess: new PersonSubjectAccessService(stores, now),
    sanctions,
    /** Unblock and "got through" requests, and the time-boxed policy changes their approvals make. */
    reviewRequests,
    /** Filtering checks: runs asked of the agents, their answers re-judged, failures emailed to ICT. */
    filterChecks,
    /** The hub's clock: what "now" is for checks on dates people give (review dates, sanction ends). */
    clock: now ?? (() => new Date()),
    attachments,
    evidencePacks: new EvidencePackService({
      stores,
      attachments,
      zoneOf: (siteId) => policies.timeZone(siteId),
      contextMinutes: settings.rules.contextMinutes,
      ...(now ? { now } : {}),
    }),
    incidents: new IncidentService({
      stores,
      engine,
      privacy,
      contextMinutes: settings.rules.contextMinutes,
      responseRules: settings.responseRules,
      ...(now ? { now } : {}),
    }),
    events: new EventService(stores, privacy),
    concerns: new ConcernService({ stores, rules: settings.rules.reported, ...(now ? { now } : {}) }),
    subjectAccess: new SubjectAccessService(stores, now),
    retention: new RetentionService({
      stores,
      settings: settings.retention,
      contextMinutes: settings.rules.contextMinutes,
      log: log.child({ module: "retention" }),
      ...(now ? { now } : {}),
    }),
  };
}

export type HubServices = ReturnType<typeof createHubServices>;
