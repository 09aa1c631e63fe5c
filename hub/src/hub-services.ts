import type { Taxonomy } from "@fenceline/shared";
import type { Logger } from "pino";
import type { IncidentRules } from "./domain/incident-rules.ts";
import { loadDefaultSources } from "./domain/taxonomy.ts";
import { ReportService, type ReportSettings } from "./reports/report-service.ts";
import { AlertSender, type SmtpSettings } from "./services/alert-sender.ts";
import { AlertService } from "./services/alert-service.ts";
import { AuditService } from "./services/audit-service.ts";
import { AuthService, type AuthSettings } from "./services/auth-service.ts";
import { EnrolmentService } from "./services/enrolment-service.ts";
import { EventService } from "./services/event-service.ts";
import { FleetService, type FleetSettings } from "./services/fleet-service.ts";
import { IncidentEngine } from "./services/incident-engine.ts";
import { IncidentService } from "./services/incident-service.ts";
import { IngestService } from "./services/ingest-service.ts";
import { PolicyService } from "./services/policy-service.ts";
import { Pseudonymiser } from "./services/pseudonymiser.ts";
import { RetentionService, type RetentionSettings } from "./services/retention-service.ts";
import { SubjectAccessService } from "./services/subject-access-service.ts";
import { UserService } from "./services/user-service.ts";
import type { HubStore } from "./store/hub-store.ts";

export interface HubSettings {
  taxonomy: Taxonomy;
  rules: IncidentRules;
  fleet: FleetSettings;
  auth: AuthSettings;
  retention: RetentionSettings;
  smtp: SmtpSettings | null;
  publicUrl: string;
  reports: Pick<ReportSettings, "terms"> & { chromiumPath?: string };
}

/** Every service of the hub, built once from the store and the settings: what the actions are built on. */
export function createHubServices(store: HubStore, settings: HubSettings, log: Logger, now?: () => Date) {
  const audit = new AuditService(store.audit, now);
  const privacy = new Pseudonymiser(store);
  const engine = new IncidentEngine(store, settings.taxonomy, settings.rules, now);
  const sender = new AlertSender(settings.smtp);
  const alerts = new AlertService({
    store,
    sender,
    rules: settings.rules,
    taxonomy: settings.taxonomy,
    privacy,
    publicUrl: settings.publicUrl,
    log: log.child({ module: "alerts" }),
    ...(now ? { now } : {}),
  });
  const reports = new ReportService({
    store,
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
  return {
    store,
    settings,
    log,
    reports,
    audit,
    privacy,
    engine,
    sender,
    alerts,
    auth: new AuthService(store.users, settings.auth, now),
    users: new UserService(store, now),
    enrolment: new EnrolmentService(store, now),
    ingest: new IngestService(store, engine, (changes) => alerts.notify(changes)),
    fleet: new FleetService(store, settings.fleet, now),
    policies: new PolicyService(store, settings.taxonomy, now),
    incidents: new IncidentService({
      store,
      engine,
      privacy,
      contextMinutes: settings.rules.contextMinutes,
      ...(now ? { now } : {}),
    }),
    events: new EventService(store, privacy),
    subjectAccess: new SubjectAccessService(store, now),
    retention: new RetentionService({
      store,
      settings: settings.retention,
      contextMinutes: settings.rules.contextMinutes,
      log: log.child({ module: "retention" }),
      ...(now ? { now } : {}),
    }),
  };
}

export type HubServices = ReturnType<typeof createHubServices>;
