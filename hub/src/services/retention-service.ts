import type { Logger } from "pino";
import type { HubStores } from "../store/open-stores.ts";

/** How long each class of data is kept, in days. */
export interface RetentionSettings {
  rawEventsDays: number;
  aggregatesDays: number;
  incidentsDays: number;
  auditDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  rawEventsDays: 90,
  aggregatesDays: 400,
  incidentsDays: 2190,
  auditDays: 2190,
};

export interface RetentionResult {
  events: number;
  /** Heartbeats and rollup rows. */
  aggregates: number;
  incidents: number;
  audit: number;
  sessions: number;
}

/**
 * Enforces the retention periods: raw events (bar evidence and incident context), aggregates,
 * closed incidents with their record, and the audit log.
 */
export class RetentionService {
  private readonly stores: Pick<HubStores, "retention" | "audit">;
  private readonly settings: RetentionSettings;
  private readonly contextMinutes: number;
  private readonly log: Logger;
  private readonly now: () => Date;

  constructor(deps: {
    stores: Pick<HubStores, "retention" | "audit">;
    settings: RetentionSettings;
    contextMinutes: number;
    log: Logger;
    now?: () => Date;
  }) {
    this.stores = deps.stores;
    this.settings = deps.settings;
    this.contextMinutes = deps.contextMinutes;
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
  }

  run(): RetentionResult {
    const now = this.now();
    const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    this.log.info("retention run started");
    const result: RetentionResult = {
      incidents: this.stores.retention.purgeIncidents(before(this.settings.incidentsDays)),
      events: this.stores.retention.purgeEvents(before(this.settings.rawEventsDays), this.contextMinutes),
      aggregates: this.stores.retention.purgeAggregates(before(this.settings.aggregatesDays)),
      audit: this.stores.audit.purgeBefore(before(this.settings.auditDays)),
      sessions: this.stores.retention.purgeSessions(now.toISOString()),
    };
    this.log.info(result, "retention run finished");
    return result;
  }
}
