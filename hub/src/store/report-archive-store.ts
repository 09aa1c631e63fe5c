import type { ReportDocument, ReportKind } from "../domain/report-document.ts";
import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

export interface StoredReport {
  id: number;
  kind: ReportKind;
  title: string;
  periodFrom: string;
  periodTo: string;
  sites: string[];
  generatedAt: string;
  generatedBy: string;
  dataVersion: string;
}

export interface ReportSchedule {
  id: number;
  kind: ReportKind;
  cron: string;
  sites: string[];
  roles: string[];
  createdBy: string;
  createdAt: string;
}

const COLUMNS =
  'id, kind, title, period_from AS "periodFrom", period_to AS "periodTo", sites, generated_at AS "generatedAt", generated_by AS "generatedBy", data_version AS "dataVersion"';

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(
    "INSERT INTO reports (kind, title, period_from, period_to, sites, generated_at, generated_by, data_version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
  ),
  list: db.prepare(`SELECT ${COLUMNS} FROM reports ORDER BY id DESC LIMIT ?`),
  get: db.prepare(`SELECT ${COLUMNS}, body FROM reports WHERE id = ?`),
  insertSchedule: db.prepare(
    "INSERT INTO report_schedules (kind, cron, sites, roles, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
  ),
  schedules: db.prepare(
    'SELECT id, kind, cron, sites, roles, created_by AS "createdBy", created_at AS "createdAt" FROM report_schedules WHERE disabled_at IS NULL ORDER BY id',
  ),
  disableSchedule: db.prepare("UPDATE report_schedules SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL"),
  updateSchedule: db.prepare("UPDATE report_schedules SET cron = ?, roles = ? WHERE id = ? AND disabled_at IS NULL"),
  defaultsGiven: db.prepare("SELECT 1 FROM report_schedule_defaults WHERE site_id = ?"),
  markDefaults: db.prepare(
    "INSERT INTO report_schedule_defaults (site_id, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
  ),
});

/** Generated reports, kept with the data version they were built from, and the report schedules. */
export class ReportArchiveStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Stores a generated report; returns its row as `list` and `get` give it (without its body). */
  insert(doc: ReportDocument): StoredReport {
    const sites = doc.sites.map((s) => s.id);
    const id = Number(
      this.statements.insert.run(
        doc.kind,
        doc.title,
        doc.period.from,
        doc.period.to,
        JSON.stringify(sites),
        doc.generatedAt,
        doc.generatedBy,
        doc.dataVersion,
        JSON.stringify(doc),
      ).lastInsertRowid,
    );
    const { kind, title, generatedAt, generatedBy, dataVersion } = doc;
    return {
      id,
      kind,
      title,
      periodFrom: doc.period.from,
      periodTo: doc.period.to,
      sites,
      generatedAt,
      generatedBy,
      dataVersion,
    };
  }

  list(limit: number): StoredReport[] {
    return (this.statements.list.all(limit) as (Omit<StoredReport, "sites"> & { sites: string })[]).map((row) => ({
      ...row,
      sites: JSON.parse(row.sites) as string[],
    }));
  }

  get(id: number): (StoredReport & { body: ReportDocument }) | undefined {
    const row = this.statements.get.get(id) as
      | (Omit<StoredReport, "sites"> & { sites: string; body: string })
      | undefined;
    return row
      ? { ...row, sites: JSON.parse(row.sites) as string[], body: JSON.parse(row.body) as ReportDocument }
      : undefined;
  }

  insertSchedule(schedule: Omit<ReportSchedule, "id">): number {
    return Number(
      this.statements.insertSchedule.run(
        schedule.kind,
        schedule.cron,
        JSON.stringify(schedule.sites),
        JSON.stringify(schedule.roles),
        schedule.createdBy,
        schedule.createdAt,
      ).lastInsertRowid,
    );
  }

  schedules(): ReportSchedule[] {
    return (
      this.statements.schedules.all() as (Omit<ReportSchedule, "sites" | "roles"> & { sites: string; roles: string })[]
    ).map((row) => ({ ...row, sites: JSON.parse(row.sites) as string[], roles: JSON.parse(row.roles) as string[] }));
  }

  disableSchedule(id: number, at: string): boolean {
    return this.statements.disableSchedule.run(at, id).changes === 1;
  }

  /** A schedule's time and roles changed; its report and sites stay. */
  updateSchedule(id: number, cron: string, roles: readonly string[]): boolean {
    return this.statements.updateSchedule.run(cron, JSON.stringify(roles), id).changes === 1;
  }

  /** Marks a site as given its default schedules; false when it already was. */
  markDefaultsGiven(siteId: string, at: string): boolean {
    return this.statements.markDefaults.run(siteId, at).changes === 1;
  }

  defaultsGiven(siteId: string): boolean {
    return this.statements.defaultsGiven.get(siteId) !== undefined;
  }
}
