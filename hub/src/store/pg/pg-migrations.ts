import type { HubDatabase } from "../hub-database.ts";
import { STEP_LOCKED_NAME_INDEX } from "../migration-step-locked-name-index.ts";
import { PG_STEP_MONTHLY_ROLLUP } from "../migration-step-monthly-rollup.ts";
import { PG_STEP_REPORT_HEARTBEATS } from "../migration-step-report-heartbeats.ts";
import { ALERTS_SCHEMA } from "./schema/alerts.ts";
import { ATTACHMENTS_SCHEMA } from "./schema/attachments.ts";
import { AUDIT_SCHEMA } from "./schema/audit.ts";
import { CHECKS_SCHEMA } from "./schema/checks.ts";
import { COVERAGE_SCHEMA } from "./schema/coverage.ts";
import { DEVICE_TOKENS_SCHEMA } from "./schema/device-tokens.ts";
import { EVENTS_SCHEMA } from "./schema/events.ts";
import { FLEET_SCHEMA } from "./schema/fleet.ts";
import { INCIDENTS_SCHEMA } from "./schema/incidents.ts";
import { PEOPLE_SCHEMA } from "./schema/people.ts";
import { POLICY_SCHEMA } from "./schema/policy.ts";
import { REPORTS_SCHEMA } from "./schema/reports.ts";
import { REVIEWS_SCHEMA } from "./schema/reviews.ts";
import { ROLLUPS_SCHEMA } from "./schema/rollups.ts";
import { SETTINGS_SCHEMA } from "./schema/settings.ts";
import { SHARED_STATE_SCHEMA } from "./schema/shared-state.ts";
import { USERS_SCHEMA } from "./schema/users.ts";
import { PG_STEP_COVERING_HEARTBEAT_QUERIES, PG_STEP_COVERING_ROLLUP_KEYS } from "./step-covering-rollup-keys.ts";
import { PG_STEP_EVENTS_WITHOUT_REFERENCES } from "./step-events-without-references.ts";
import { PG_STEP_INCIDENT_UPDATES_IN_PLACE } from "./step-incident-updates-in-place.ts";
import { PG_STEP_MONTH_CREATION_LOCK } from "./step-month-creation-lock.ts";
import { PG_STEP_MONTH_PURGE_COUNTS } from "./step-month-purge-counts.ts";
import { PG_STEP_PENDING_NAME_COUNTS } from "./step-pending-name-counts.ts";
import { PG_STEP_REPORT_COMPRESSION } from "./step-report-compression.ts";

/**
 * PostgreSQL's own schema steps. The first builds, at once, the schema SQLite reaches after its
 * step 22, concern by concern in the order their references need; later steps follow SQLite's
 * as they come. Never edit a step once released: add one.
 */
export const PG_MIGRATIONS: readonly string[] = [
  [
    SETTINGS_SCHEMA,
    FLEET_SCHEMA,
    USERS_SCHEMA,
    AUDIT_SCHEMA,
    POLICY_SCHEMA,
    REPORTS_SCHEMA,
    COVERAGE_SCHEMA,
    INCIDENTS_SCHEMA,
    EVENTS_SCHEMA,
    ALERTS_SCHEMA,
    ROLLUPS_SCHEMA,
    PEOPLE_SCHEMA,
    DEVICE_TOKENS_SCHEMA,
    ATTACHMENTS_SCHEMA,
    REVIEWS_SCHEMA,
    CHECKS_SCHEMA,
    SHARED_STATE_SCHEMA,
  ].join("\n"),
  PG_STEP_REPORT_HEARTBEATS,
  PG_STEP_MONTHLY_ROLLUP,
  PG_STEP_REPORT_COMPRESSION,
  PG_STEP_COVERING_ROLLUP_KEYS,
  PG_STEP_MONTH_PURGE_COUNTS,
  PG_STEP_COVERING_HEARTBEAT_QUERIES,
  PG_STEP_MONTH_CREATION_LOCK,
  PG_STEP_EVENTS_WITHOUT_REFERENCES,
  PG_STEP_INCIDENT_UPDATES_IN_PLACE,
  STEP_LOCKED_NAME_INDEX,
  PG_STEP_PENDING_NAME_COUNTS,
];

/** Any constant key: the advisory lock that lets one hub process at a time migrate. */
const MIGRATION_LOCK = 7_405_120_001;

/**
 * Brings a PostgreSQL database to the newest schema. Each step runs in its own transaction under an
 * advisory lock, re-reading the version inside it, so hub processes starting together apply each
 * step once; a failed step leaves the database at the step before.
 */
export function migratePostgres(db: HubDatabase, upTo: number = PG_MIGRATIONS.length): number {
  db.exec("CREATE TABLE IF NOT EXISTS hub_schema_version (version INTEGER NOT NULL)");
  const current = (): number =>
    (db.prepare("SELECT max(version) FROM hub_schema_version").pluck().get() as number | null) ?? 0;
  const step = db.transaction((wanted: number) => {
    db.prepare("SELECT pg_advisory_xact_lock(?)").get(MIGRATION_LOCK);
    const version = current();
    if (version >= wanted) return;
    db.exec(PG_MIGRATIONS[version] as string);
    db.prepare("INSERT INTO hub_schema_version (version) VALUES (?)").run(version + 1);
  });
  for (let wanted = current() + 1; wanted <= upTo; wanted++) step(wanted);
  return current();
}
