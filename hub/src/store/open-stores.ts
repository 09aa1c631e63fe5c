import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AlertFollowUpStore } from "./alert-follow-up-store.ts";
import { AlertStore } from "./alert-store.ts";
import { AnnualReviewStore } from "./annual-review-store.ts";
import { AttachmentFiles } from "./attachment-files.ts";
import { AttachmentStore } from "./attachment-store.ts";
import { loadAuditKey } from "./audit-key.ts";
import { AuditStore } from "./audit-store.ts";
import { CheckCanaryStore } from "./check-canary-store.ts";
import { CoverageHistoryStore } from "./coverage-history-store.ts";
import { DeviceStore } from "./device-store.ts";
import { DeviceTokenStore } from "./device-token-store.ts";
import { EngineIncidentStore } from "./engine-incident-store.ts";
import { EventQueryStore } from "./event-query-store.ts";
import { EventStore } from "./event-store.ts";
import { FilterCheckStore } from "./filter-check-store.ts";
import { FleetAlertStore } from "./fleet-alert-store.ts";
import { FleetStore } from "./fleet-store.ts";
import type { HubDatabase } from "./hub-database.ts";
import { IdentityLookupStore } from "./identity-lookup-store.ts";
import { IdentityTableStore } from "./identity-table-store.ts";
import { IncidentStore } from "./incident-store.ts";
import { JobLeaseStore } from "./job-lease-store.ts";
import { LastBlockStore } from "./last-block-store.ts";
import { openDatabase } from "./open-database.ts";
import { PersonRecordsStore } from "./person-records-store.ts";
import { PersonStore } from "./person-store.ts";
import { PersonWatchStore } from "./person-watch-store.ts";
import { PgDatabase } from "./pg/pg-database.ts";
import { migratePostgres } from "./pg/pg-migrations.ts";
import { ReplicaReads } from "./pg/replica-reads.ts";
import { PolicyStore } from "./policy-store.ts";
import { ReportArchiveStore } from "./report-archive-store.ts";
import { ReportStore } from "./report-store.ts";
import { RetentionStore } from "./retention-store.ts";
import { ReviewRequestStore } from "./review-request-store.ts";
import { RollupStore } from "./rollup-store.ts";
import { SanctionStore } from "./sanction-store.ts";
import { SettingsStore } from "./settings-store.ts";
import { SignInThrottleStore } from "./sign-in-throttle-store.ts";
import { UserStore } from "./user-store.ts";
import { startWalCheckpointer } from "./wal-checkpointer.ts";

/** Every store of the hub over one database, with the unit of work that spans them. */
export interface HubStores {
  readonly fleet: FleetStore;
  readonly policies: PolicyStore;
  readonly settings: SettingsStore;
  readonly events: EventStore;
  readonly eventQueries: EventQueryStore;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly incidents: IncidentStore;
  /** The incident engine's set-based reads and writes of a batch. */
  readonly engineIncidents: EngineIncidentStore;
  readonly alerts: AlertStore;
  /** Escalations, acknowledgements and the digest queue. */
  readonly alertFollowUps: AlertFollowUpStore;
  readonly fleetAlerts: FleetAlertStore;
  readonly rollups: RollupStore;
  readonly reportData: ReportStore;
  readonly reports: ReportArchiveStore;
  readonly retention: RetentionStore;
  readonly attachments: AttachmentStore;
  /** Roaming (DNS-over-HTTPS) tokens of devices, as their SHA-256. */
  readonly deviceTokens: DeviceTokenStore;
  /** People and devices of each site, and the identity table the agents get. */
  readonly people: PersonStore;
  readonly devices: DeviceStore;
  readonly identityTable: IdentityTableStore;
  /** Events and incidents that name a person: subject access and erasure. */
  readonly personRecords: PersonRecordsStore;
  /** Matching events to people and devices at ingest. */
  readonly identities: IdentityLookupStore;
  /** The DSL's watch list of people. */
  readonly personWatch: PersonWatchStore;
  /** Time-boxed sanctions on people. */
  readonly sanctions: SanctionStore;
  /** Annual review records, their actions and sign-offs. */
  readonly annualReviews: AnnualReviewStore;
  /** Unblock and "got through" requests and their decisions. */
  readonly reviewRequests: ReviewRequestStore;
  /** Each site's coverage, once a day. */
  readonly coverageHistory: CoverageHistoryStore;
  /** Filtering check runs and their answers. */
  readonly filterChecks: FilterCheckStore;
  /** Each site's canaries (test names for locked categories) and check schedule. */
  readonly checkCanaries: CheckCanaryStore;
  /** Each subject's last blocked lookup: what the incident engine grades circumvention by. */
  readonly lastBlocks: LastBlockStore;
  /** Sign-in attempt counts and failure delays, shared by every hub process on the database. */
  readonly signIns: SignInThrottleStore;
  /** Leases on scheduled jobs and claimed report firings: scheduled work done once across processes. */
  readonly jobLeases: JobLeaseStore;
  /**
   * Runs `work` in one transaction across stores: all of it is stored or none. Nested calls join
   * it. It holds the database's write lock from its start, so other hub processes wait for it.
   */
  transaction<T>(work: () => T): T;
  /**
   * `transaction` for work confined to one site's rows (its events, rollups, engine incidents):
   * on PostgreSQL it holds the write lock for that site only, so that other sites' batches are
   * stored at the same time by other hub processes; anything `transaction` runs waits for it.
   */
  siteTransaction<T>(siteId: string, work: () => T): T;
  close(): void;
}

/**
 * Where attached files are kept by default: the "attachments" folder beside the database (the
 * hub's state folder); a throwaway in-memory database gets a throwaway folder, made on first use.
 */
export function defaultAttachmentsFolder(database: string): string {
  if (database === ":memory:") return join(tmpdir(), `fenceline-attachments-${randomUUID()}`);
  return join(dirname(database), "attachments");
}

/**
 * Opens the hub's database (":memory:" for a throwaway one), migrates it to the newest schema and
 * builds every store. The audit key comes from `auditKeyFile`, by default a file beside the database;
 * attached files go to `attachmentsFolder`, by default beside the database too. A running hub
 * gives `backgroundCheckpoints`, which hears of a checkpoint that failed.
 */
export function openHubStores(
  path: string,
  options: {
    auditKeyFile?: string;
    attachmentsFolder?: string;
    backgroundCheckpoints?: (problem: string) => void;
  } = {},
): HubStores {
  const db = openDatabase(path);
  let key: Buffer;
  try {
    key = loadAuditKey(path, options.auditKeyFile);
  } catch (error) {
    db.close();
    throw error;
  }
  const stores = storesOver(db, key, options.attachmentsFolder ?? defaultAttachmentsFolder(path));
  // A long-running hub hands the WAL's checkpoints to a thread of their own (see wal-checkpointer.ts).
  if (!options.backgroundCheckpoints || path === ":memory:") return stores;
  const checkpointer = startWalCheckpointer(db, options.backgroundCheckpoints);
  const close = stores.close;
  return {
    ...stores,
    close: () => {
      checkpointer.stop();
      close();
    },
  };
}

/**
 * Every store over one open, migrated database of either dialect, with the audit key and the
 * folder of attached files; `transaction` spans them all. The reports' reads may come from
 * another database (`reportReads`: a streaming replica of it).
 */
export function storesOver(
  db: HubDatabase,
  key: Buffer,
  attachmentsFolder: string,
  reportReads: HubDatabase = db,
  rawEventsDays?: number,
): HubStores {
  const settings = new SettingsStore(db);
  const rollups = new RollupStore(db);
  const incidents = new IncidentStore(db);
  return {
    fleet: new FleetStore(db, rollups),
    policies: new PolicyStore(db),
    settings,
    events: new EventStore(db, rollups, settings, rawEventsDays),
    eventQueries: new EventQueryStore(db),
    users: new UserStore(db),
    audit: new AuditStore(db, settings, key),
    incidents,
    engineIncidents: new EngineIncidentStore(db, incidents),
    alerts: new AlertStore(db),
    alertFollowUps: new AlertFollowUpStore(db),
    fleetAlerts: new FleetAlertStore(db),
    rollups,
    reportData: new ReportStore(reportReads),
    reports: new ReportArchiveStore(db),
    retention: new RetentionStore(db),
    attachments: new AttachmentStore(db, new AttachmentFiles(attachmentsFolder)),
    deviceTokens: new DeviceTokenStore(db),
    people: new PersonStore(db),
    devices: new DeviceStore(db),
    identityTable: new IdentityTableStore(db),
    personRecords: new PersonRecordsStore(db),
    identities: new IdentityLookupStore(db),
    personWatch: new PersonWatchStore(db),
    sanctions: new SanctionStore(db),
    annualReviews: new AnnualReviewStore(db),
    reviewRequests: new ReviewRequestStore(db),
    coverageHistory: new CoverageHistoryStore(db),
    filterChecks: new FilterCheckStore(db),
    checkCanaries: new CheckCanaryStore(db),
    lastBlocks: new LastBlockStore(db),
    signIns: new SignInThrottleStore(db),
    jobLeases: new JobLeaseStore(db),
    // Immediate: the write lock is taken at the start, so a unit of work that reads and then writes
    // (the incident engine, sign-in counts) never interleaves with another process's.
    transaction: (work) => db.transaction(work).immediate(),
    siteTransaction: (siteId, work) =>
      db.scopedTransaction ? db.scopedTransaction(`site ${siteId}`, work) : db.transaction(work).immediate(),
    close: () => {
      if (reportReads !== db) reportReads.close();
      db.close();
    },
  };
}

/**
 * Opens the hub's stores on PostgreSQL (`conninfo`: a postgres:// URL or libpq's key=value form),
 * migrated to the newest schema. There is no database file to put the audit key and the attached
 * files beside, so both are given.
 */
export function openPostgresStores(
  conninfo: string,
  options: {
    auditKeyFile: string;
    attachmentsFolder: string;
    /** A streaming replica for the reports' reads (see `ReplicaReads`). */
    replica?: { conninfo: string; onProblem: (message: string) => void };
    /** How long raw events are kept: ingest makes no month partition wholly older (see `EventPartitions`). */
    rawEventsDays?: number;
  },
): HubStores {
  const db = new PgDatabase(conninfo);
  try {
    migratePostgres(db);
    const reportReads = options.replica
      ? new ReplicaReads(options.replica.conninfo, db, options.replica.onProblem)
      : db;
    const key = loadAuditKey(conninfo, options.auditKeyFile);
    return storesOver(db, key, options.attachmentsFolder, reportReads, options.rawEventsDays);
  } catch (error) {
    db.close();
    throw error;
  }
}
