import type { Logger } from "pino";
import type { JobLeases } from "./job-leases.ts";

/** The hub's scheduled alert work: how often it runs, when the digest goes, when a silent agent is reported. */
export interface AlertJobSettings {
  /** Seconds between sweeps (escalations, digests, fleet alerts). */
  sweepSeconds: number;
  /** The daily digest's time, HH:MM in each site's zone. */
  digestAt: string;
  /** Minutes an agent may be silent in office hours before ICT is alerted. */
  agentOfflineAlertMinutes: number;
}

export const DEFAULT_ALERT_JOBS: AlertJobSettings = {
  sweepSeconds: 30,
  digestAt: "16:00",
  agentOfflineAlertMinutes: 10,
};

/** One kind of work a sweep does; returns how many messages it sent. */
export interface SweepTask {
  name: string;
  run: () => Promise<number>;
}

/**
 * How long a sweep task's lease lasts: longer than any task takes (a slow SMTP server included),
 * and how long the other processes wait to take the task over from one that died holding it.
 */
export const SWEEP_LEASE_MS = 2 * 60_000;

/**
 * Runs the alert work every `intervalMs`: due escalations, due digests, fleet alerts. A sweep
 * starts only after the last one ended, so sweeps never overlap; a failing task is logged and the
 * others still run. With `leases`, each task runs under its lease, so hub processes sharing the
 * database never run one task at the same time (each task is also idempotent by its own rows:
 * an escalation step, a digest, a fleet episode, a lifted sanction or request, a coverage day and
 * a check run are each recorded as done, and a later sweep finds nothing left to do).
 */
export class AlertSweeper {
  private readonly tasks: readonly SweepTask[];
  private readonly intervalMs: number;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly leases: JobLeases | undefined;

  constructor(tasks: readonly SweepTask[], intervalMs: number, log: Logger, leases?: JobLeases) {
    this.tasks = tasks;
    this.intervalMs = intervalMs;
    this.log = log;
    this.leases = leases;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep now: every task in turn. */
  async sweep(): Promise<void> {
    this.log.debug("alert sweep started");
    for (const task of this.tasks) {
      try {
        const sent = await this.runTask(task);
        if (sent > 0) this.log.info({ task: task.name, sent }, "alert sweep sent");
      } catch (error) {
        this.log.error({ err: error, task: task.name }, "alert sweep task failed");
      }
    }
    this.log.debug("alert sweep ended");
  }

  /** Runs one task, under its lease when there are leases: 0 sent when another process holds it. */
  private async runTask(task: SweepTask): Promise<number> {
    if (!this.leases) return task.run();
    const run = await this.leases.run(`sweep:${task.name}`, SWEEP_LEASE_MS, () => task.run());
    return run.ran ? run.result : 0;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }
}
