import type { Logger } from "pino";
import type { HubStores } from "../store/open-stores.ts";
import { DepsService } from "./store-service.ts";

/** How long each class of data is kept, in days. */
export interface RetentionSettings {
  rawEventsDays: number;
  aggregatesDays: number;
  incidentsDays: number;
  auditDays: number;
  /** Review requests, counted from their decision (unset: DEFAULT_REVIEW_REQUEST_DAYS). */
  reviewRequestsDays?: number;
  /** The daily coverage history (unset: DEFAULT_COVERAGE_HISTORY_DAYS). */
  coverageHistoryDays?: number;
}

/** Three years: the board compares a quarter with the ones before it, over a governor's term. */
export const DEFAULT_COVERAGE_HISTORY_DAYS = 3 * 365;

/** A year: long enough to answer a complaint about a decision, short enough for a requester's name and reason. */
export const DEFAULT_REVIEW_REQUEST_DAYS = 365;

export const DEFAULT_RETENTION: RetentionSettings = {
  rawEventsDays: 90,
  aggregatesDays: 400,
  incidentsDays: 2190,
  auditDays: 2190,
  reviewRequestsDays: DEFAULT_REVIEW_REQUEST_DAYS,
  coverageHistoryDays: DEFAULT_COVERAGE_HISTORY_DAYS,
};

/** Filtering check runs are kept three years: evidence for the annual review and the one after. */
export const FILTER_CHECK_RETENTION_DAYS = 3 * 366;

export interface RetentionResult {
  events: number;
  /** Heartbeats and rollup rows. */
  aggregates: number;
  incidents: number;
  audit: number;
  sessions: number;
  /** Attached files no longer named by any incident. */
  attachments: number;
  /** Review requests decided before their period (the policy changes they made stay, naming their ids). */
  reviewRequests: number;
  /** Days of the coverage history (one row per site, day and category). */
  coverageDays: number;
  /** Filtering check runs older than three years. */
  filterChecks: number;
}

export interface RetentionServiceDeps {
  stores: Pick<
    HubStores,
    "retention" | "audit" | "attachments" | "reviewRequests" | "coverageHistory" | "filterChecks"
  >;
  settings: RetentionSettings;
  contextMinutes: number;
  log: Logger;
  now?: () => Date;
}

/** A file this recent may be an upload not yet committed (the command line runs retention beside the hub). */
const UPLOAD_GRACE_MS = 3_600_000;

/**
 * Enforces the retention periods: raw events (bar evidence and incident context), aggregates,
 * closed incidents with their record and attached files, the audit log, decided review requests
 * and filtering check runs.
 */
export class RetentionService extends DepsService<RetentionServiceDeps> {
  run(): RetentionResult {
    const now = this.deps.now();
    const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    this.deps.log.info("retention run started");
    const result: RetentionResult = {
      incidents: this.deps.stores.retention.purgeIncidents(before(this.deps.settings.incidentsDays)),
      events: this.deps.stores.retention.purgeEvents(
        before(this.deps.settings.rawEventsDays),
        this.deps.contextMinutes,
      ),
      aggregates: this.deps.stores.retention.purgeAggregates(before(this.deps.settings.aggregatesDays)),
      audit: this.deps.stores.audit.purgeBefore(before(this.deps.settings.auditDays)),
      sessions: this.deps.stores.retention.purgeSessions(now.toISOString()),
      reviewRequests: this.deps.stores.reviewRequests.purgeDecidedBefore(
        before(this.deps.settings.reviewRequestsDays ?? DEFAULT_REVIEW_REQUEST_DAYS),
      ),
      coverageDays: this.deps.stores.coverageHistory.purgeBefore(
        before(this.deps.settings.coverageHistoryDays ?? DEFAULT_COVERAGE_HISTORY_DAYS).slice(0, 10),
      ),
      // After the incidents: their attachment rows went with them, so their files are unnamed now.
      // Files carry the machine's time, so the grace is measured on the machine's clock.
      attachments: this.deps.stores.attachments.removeUnreferenced(new Date(Date.now() - UPLOAD_GRACE_MS)),
      filterChecks: this.deps.stores.filterChecks.purgeBefore(before(FILTER_CHECK_RETENTION_DAYS)),
    };
    this.deps.log.info(result, "retention run finished");
    return result;
  }
}
