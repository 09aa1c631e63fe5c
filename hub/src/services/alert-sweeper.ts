import type { Logger } from "pino";

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
 * Runs the alert work every `intervalMs`: due escalations, due digests, fleet alerts. A sweep
 * starts only after the last one ended, so sweeps never overlap; a failing task is logged and the
 * others still run.
 */
export class AlertSweeper {
  private readonly tasks: readonly SweepTask[];
  private readonly intervalMs: number;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(tasks: readonly SweepTask[], intervalMs: number, log: Logger) {
    this.tasks = tasks;
    this.intervalMs = intervalMs;
    this.log = log;
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
        const sent = await task.run();
        if (sent > 0) this.log.info({ task: task.name, sent }, "alert sweep sent");
      } catch (error) {
        this.log.error({ err: error, task: task.name }, "alert sweep task failed");
      }
    }
    this.log.debug("alert sweep ended");
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
