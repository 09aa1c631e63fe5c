import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A site's own test name for a locked category: what the agent checks that category with. */
export interface CheckCanaryRow {
  id: number;
  siteId: string;
  category: string;
  name: string;
  addedBy: string;
  addedAt: string;
}

/** A site's check schedule: weekdays (0 = Sunday) and a local time "HH:MM" in the site's zone. */
export interface CheckSchedule {
  days: number[];
  time: string;
  enabled: boolean;
}

/** No row: Monday to Friday at 10:00, "daily in school hours". */
export const DEFAULT_CHECK_SCHEDULE: CheckSchedule = { days: [1, 2, 3, 4, 5], time: "10:00", enabled: true };

const CANARY_COLUMNS = `id, site_id AS "siteId", category, name, added_by AS "addedBy", added_at AS "addedAt"`;

const prepareStatements = (db: HubDatabase) => ({
  insert: db
    .prepare(`INSERT INTO check_canaries (site_id, category, name, added_by, added_at)
    VALUES (@siteId, @category, @name, @addedBy, @addedAt) ON CONFLICT DO NOTHING RETURNING id`)
    .pluck(),
  ofSite: db.prepare(`SELECT ${CANARY_COLUMNS} FROM check_canaries WHERE site_id = ? ORDER BY category, name`),
  get: db.prepare(`SELECT ${CANARY_COLUMNS} FROM check_canaries WHERE id = ?`),
  countIn: db.prepare("SELECT COUNT(*) AS n FROM check_canaries WHERE site_id = ? AND category = ?"),
  remove: db.prepare("DELETE FROM check_canaries WHERE id = ?"),
  schedule: db.prepare("SELECT days, time, enabled FROM check_schedules WHERE site_id = ?"),
  setSchedule: db.prepare(`INSERT INTO check_schedules (site_id, days, time, enabled, updated_by, updated_at)
    VALUES (@siteId, @days, @time, @enabled, @by, @at)
    ON CONFLICT (site_id) DO UPDATE SET days = excluded.days, time = excluded.time, enabled = excluded.enabled,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
});

/** Each site's canaries for the filtering checks, and its check schedule. */
export class CheckCanaryStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Adds a canary; its id, or null when the site has the same name in that category already. */
  add(canary: Omit<CheckCanaryRow, "id">): number | null {
    const id = this.statements.insert.get(canary);
    return id === undefined ? null : Number(id);
  }

  ofSite(siteId: string): CheckCanaryRow[] {
    return this.statements.ofSite.all(siteId) as CheckCanaryRow[];
  }

  get(id: number): CheckCanaryRow | undefined {
    return this.statements.get.get(id) as CheckCanaryRow | undefined;
  }

  countIn(siteId: string, category: string): number {
    return (this.statements.countIn.get(siteId, category) as { n: number }).n;
  }

  remove(id: number): boolean {
    return this.statements.remove.run(id).changes === 1;
  }

  /** The site's check schedule; the default when it never set one. */
  schedule(siteId: string): CheckSchedule {
    const row = this.statements.schedule.get(siteId) as { days: string; time: string; enabled: number } | undefined;
    if (!row) return DEFAULT_CHECK_SCHEDULE;
    return { days: JSON.parse(row.days) as number[], time: row.time, enabled: row.enabled === 1 };
  }

  setSchedule(siteId: string, schedule: CheckSchedule, by: string, at: string): void {
    this.statements.setSchedule.run({
      ...{ siteId, days: JSON.stringify(schedule.days), time: schedule.time },
      ...{ enabled: schedule.enabled ? 1 : 0, by, at },
    });
  }
}
