import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A slot claim older than this is forgotten: a schedule's firings are not claimed twice within months. */
const SLOT_CLAIMS_KEPT_MS = 90 * 86_400_000;

const prepareStatements = (db: HubDatabase) => ({
  acquire: db.prepare(
    `INSERT INTO job_leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
     ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE job_leases.expires_at <= @now OR job_leases.holder = excluded.holder`,
  ),
  release: db.prepare("DELETE FROM job_leases WHERE name = ? AND holder = ?"),
  holder: db.prepare('SELECT holder, expires_at AS "expiresAt" FROM job_leases WHERE name = ?'),
  claimSlot: db.prepare(
    `INSERT INTO report_schedule_runs (schedule_id, slot, holder, claimed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(schedule_id, slot) DO NOTHING`,
  ),
  forgetSlots: db.prepare("DELETE FROM report_schedule_runs WHERE schedule_id = ? AND claimed_at < ?"),
});

/**
 * Scheduled work done once across hub processes sharing the database: leases on named jobs (a
 * sweep, the retention run), and each report schedule's firings claimed by their slot. Each is a
 * single statement, so two processes asking at once cannot both win.
 */
export class JobLeaseStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /**
   * Takes the lease on `name` for `ttlMs` when it is free, expired, or already this holder's (then
   * renewed); true when `holder` has it now.
   */
  tryAcquire(name: string, holder: string, ttlMs: number, now: number = Date.now()): boolean {
    return this.statements.acquire.run({ name, holder, expiresAt: now + ttlMs, now }).changes === 1;
  }

  /** Gives the lease up, if `holder` still has it. */
  release(name: string, holder: string): void {
    this.statements.release.run(name, holder);
  }

  /** Who holds the lease on `name` and until when (epoch ms), if anyone ever took it. */
  holder(name: string): { holder: string; expiresAt: number } | undefined {
    return this.statements.holder.get(name) as { holder: string; expiresAt: number } | undefined;
  }

  /** Claims one firing of a report schedule (its slot: the minute it fired); true for the first claimant only. */
  claimSlot(scheduleId: number, slot: string, holder: string, at: Date): boolean {
    this.statements.forgetSlots.run(scheduleId, new Date(at.getTime() - SLOT_CLAIMS_KEPT_MS).toISOString());
    return this.statements.claimSlot.run(scheduleId, slot, holder, at.toISOString()).changes === 1;
  }
}
