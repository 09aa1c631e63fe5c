import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { JobLeaseStore } from "../store/job-lease-store.ts";

/** What a leased run did: the work's result, or that another process held the job. */
export type LeasedRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Scheduled work done by one hub process at a time: each job runs only under its lease in the
 * database. The lease outlives a process that dies holding it by its time to live at most.
 */
export class JobLeases {
  /** This process's name on the leases it holds: host, process id and a random part, so a restart is another holder. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly store: JobLeaseStore;
  private readonly now: () => number;

  constructor(store: JobLeaseStore, now: () => Date = () => new Date()) {
    this.store = store;
    this.now = () => now().getTime();
  }

  /**
   * Runs `work` if this process gets the lease on `name` for `ttlMs`; gives it up after, unless
   * `keep` (a job fired by the clock in every process at once: kept, the lease stops the others'
   * firings that come a moment later, so the job runs once per firing).
   */
  async run<T>(name: string, ttlMs: number, work: () => T | Promise<T>, keep = false): Promise<LeasedRun<T>> {
    if (!this.store.tryAcquire(name, this.holder, ttlMs, this.now())) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      if (!keep) this.store.release(name, this.holder);
    }
  }

  /** Claims one firing of a report schedule; true when this process is the one to send it. */
  claimReportSlot(scheduleId: number, firedAt: Date): boolean {
    const slot = new Date(Math.floor(firedAt.getTime() / 60_000) * 60_000).toISOString();
    return this.store.claimSlot(scheduleId, slot, this.holder, new Date(this.now()));
  }
}
