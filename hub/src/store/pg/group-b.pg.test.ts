import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgresCluster } from "../../testing/postgres-cluster.ts";
import { EventStore } from "../event-store.ts";
import { STEP_LOCKED_NAME_INDEX } from "../migration-step-locked-name-index.ts";
import { PG_STEP_MONTHLY_ROLLUP } from "../migration-step-monthly-rollup.ts";
import { openDatabase } from "../open-database.ts";
import { RollupStore } from "../rollup-store.ts";
import type { SettingsStore } from "../settings-store.ts";
import { CounterSettings, event, RECEIVED_AT, STAND_IN_TABLES } from "./group-b-fixture.ts";
import { type Results, scenario } from "./group-b-scenario.ts";
import { PgDatabase } from "./pg-database.ts";
import { ALERTS_SCHEMA } from "./schema/alerts.ts";
import { EVENTS_SCHEMA } from "./schema/events.ts";
import { INCIDENTS_SCHEMA } from "./schema/incidents.ts";
import { ROLLUPS_SCHEMA } from "./schema/rollups.ts";
import { PG_STEP_MONTH_CREATION_LOCK } from "./step-month-creation-lock.ts";
import { PG_STEP_MONTH_PURGE_COUNTS } from "./step-month-purge-counts.ts";
import { PG_STEP_PENDING_NAME_COUNTS } from "./step-pending-name-counts.ts";

/** The group's schema files in the order their references need, after the other concerns' stand-ins. */
const PG_SCHEMA = [
  STAND_IN_TABLES,
  INCIDENTS_SCHEMA,
  EVENTS_SCHEMA,
  ALERTS_SCHEMA,
  ROLLUPS_SCHEMA,
  PG_STEP_MONTHLY_ROLLUP,
  PG_STEP_MONTH_PURGE_COUNTS,
  PG_STEP_MONTH_CREATION_LOCK,
  STEP_LOCKED_NAME_INDEX,
  PG_STEP_PENDING_NAME_COUNTS,
].join("\n");

const TITLE = "group B stores on PostgreSQL, compared with SQLite";
describe.skipIf(!hasPostgres())(
  hasPostgres() ? TITLE : `${TITLE} (skipped: PostgreSQL's server programs are not installed)`,
  () => {
    let cluster: PostgresCluster;
    let pg: PgDatabase;
    let pgResult: Results;
    let sqliteResult: Results;

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
