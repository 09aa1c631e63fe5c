import cron from "node-cron";
import type { Logger } from "pino";
import { DEFAULT_TIME_ZONE } from "../domain/local-time.ts";
import { REPORT_KINDS, type ReportDocument, type ReportKind } from "../domain/report-document.ts";
import { ROLE_PERMISSIONS, type Role } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { AlertSender } from "../services/alert-sender.ts";
import type { JobLeases } from "../services/job-leases.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { ReportSchedule } from "../store/report-archive-store.ts";
import { AUDIT_ANCHOR_CRON, type AuditHeadReader, sendAuditAnchor } from "./audit-anchor-mail.ts";
import { nextCronRun } from "./next-cron-run.ts";
import { renderHtml } from "./render-html.ts";
import { REPORTS } from "./report-kinds.ts";

/** Generates (and stores, and logs) one schedule's report for the readers of one audience. */
export type ScheduledGenerate = (
  reader: { schedule: number; safeguarding: boolean; sites: readonly string[] | null },
  kind: ReportKind,
) => { id: number; title: string; body: ReportDocument };

/**
 * Whether a recipient limited to `userSites` may read a report over `scheduleSites`: no sites
 * named is every site, which only a user of every site may read.
 */
export function mayReadAllSites(userSites: readonly string[] | null, scheduleSites: readonly string[]): boolean {
  if (userSites === null) return true;
  return scheduleSites.length > 0 && scheduleSites.every((site) => userSites.includes(site));
}

interface SchedulerDeps {
  stores: HubStores;
  generate: ScheduledGenerate;
  sender: AlertSender;
  publicUrl: string;
  /** The audit log's sealed head, for the daily anchor email. */
  auditHead: AuditHeadReader;
  /** The zone a site's schedules run in: "Monday 07:00" is the school's Monday morning. */
  zoneOf: (siteId: string) => string;
  log: Logger;
  /** Firings claimed in the database, so hub processes whose clocks fire together send one report. */
  leases: JobLeases;
}

/** How often a scheduler looks for schedules another hub process added, changed or removed. */
const RESYNC_MS = 60_000;

/** How long the daily anchor email's lease is kept: other processes' firings of the same minute find it held. */
const ANCHOR_LEASE_MS = 60 * 60_000;

/**
 * Runs report schedules: at each schedule's cron time, generates the report for the period just
 * gone and emails it to the users whose role is chosen and allowed to read it. Aggregate reports
 * go as an attached HTML file; reports holding cases only as a link, so no identity travels by email.
 */
export class ReportScheduler {
  private readonly tasks = new Map<number, ReturnType<typeof cron.schedule>>();
  private readonly deps: SchedulerDeps;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
  }

  private anchorTask: ReturnType<typeof cron.schedule> | null = null;
  /** Tasks run only between start and stop: a command-line run that adds a site must still exit. */
  private running = false;
  /** The cron each started task runs on, to see which stored schedules another process changed. */
  private readonly crons = new Map<number, string>();
  private resyncTimer: NodeJS.Timeout | null = null;

  /** Starts the stored schedules, and the daily audit anchor email to the DSLs. */
  start(): void {
    this.running = true;
    this.resyncTimer = setInterval(() => this.resync(), RESYNC_MS);
    this.resyncTimer.unref();
    for (const schedule of this.deps.stores.reports.schedules()) this.schedule(schedule);
    this.anchorTask = cron.schedule(
      AUDIT_ANCHOR_CRON,
      async () => {
        try {
          await this.deps.leases.run("audit-anchor", ANCHOR_LEASE_MS, () => this.sendAuditAnchor(), true);
        } catch (error) {
          this.deps.log.error({ err: error }, "audit anchor email failed");
        }
      },
      { noOverlap: true },
    );
  }

  stop(): void {
    this.running = false;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    this.crons.clear();
    for (const task of this.tasks.values()) void task.stop();
    this.tasks.clear();
    void this.anchorTask?.stop();
    this.anchorTask = null;
  }

  /** Emails the audit log's sealed head to the DSLs now; returns the recipients. */
  sendAuditAnchor(): Promise<string[]> {
    return sendAuditAnchor(this.deps);
  }

  /** Stores and starts a schedule; who may add it, and for whom, is the caller's check. */
  add(input: { kind: ReportKind; cron: string; roles: Role[]; sites: string[] }, createdBy: string): ReportSchedule {
    const schedule = this.store(input, createdBy);
    this.activate(schedule);
    return schedule;
  }

  /** Stores a schedule without starting it: inside a transaction, whose commit `activate` follows. */
  store(input: { kind: ReportKind; cron: string; roles: Role[]; sites: string[] }, createdBy: string): ReportSchedule {
    if (!REPORT_KINDS.includes(input.kind)) throw new HubError("invalid-request", `unknown report "${input.kind}"`);
    if (!cron.validate(input.cron)) throw new HubError("invalid-request", `"${input.cron}" is not a cron schedule`);
    const row = { ...input, createdBy, createdAt: new Date().toISOString() };
    const id = this.deps.stores.reports.insertSchedule(row);
    return { id, ...row };
  }

  /** Starts a stored schedule's job, when the scheduler runs. */
  activate(schedule: ReportSchedule): void {
    if (this.running) this.schedule(schedule);
  }

  remove(id: number): void {
    if (!this.deps.stores.reports.disableSchedule(id, new Date().toISOString()))
      throw new HubError("not-found", `no schedule ${id}`);
    void this.tasks.get(id)?.stop();
    this.tasks.delete(id);
    this.crons.delete(id);
  }

  list(): ReportSchedule[] {
    return this.deps.stores.reports.schedules();
  }

  /** Changes a schedule's time and roles, and restarts it at the new time. */
  update(id: number, change: { cron: string; roles: Role[] }): ReportSchedule {
    if (!cron.validate(change.cron)) throw new HubError("invalid-request", `"${change.cron}" is not a cron schedule`);
    if (!this.deps.stores.reports.updateSchedule(id, change.cron, change.roles))
      throw new HubError("not-found", `no schedule ${id}`);
    const schedule = this.list().find((s) => s.id === id);
    if (!schedule) throw new HubError("not-found", `no schedule ${id}`);
    if (this.running) this.schedule(schedule);
    return schedule;
  }

  /** The zone a schedule runs in: its one site's, or Europe/London over several sites. */
  zoneOf(schedule: Pick<ReportSchedule, "sites">): string {
    const [only] = schedule.sites;
    return schedule.sites.length === 1 && only ? this.deps.zoneOf(only) : DEFAULT_TIME_ZONE;
  }

  /** When a schedule next runs, in UTC; null if never. */
  nextRun(schedule: Pick<ReportSchedule, "cron" | "sites">): Date | null {
    return nextCronRun(schedule.cron, this.zoneOf(schedule));
  }

  /** Generates and sends one schedule's report now; returns the recipients. */
  async run(schedule: ReportSchedule): Promise<string[]> {
    const { stores, generate, sender, log, publicUrl } = this.deps;
    const permission = REPORTS[schedule.kind].permission;
    const recipients = stores.users
      .all()
      .filter(
        (u) =>
          !u.disabledAt &&
          schedule.roles.includes(u.role) &&
          ROLE_PERMISSIONS[u.role].includes(permission) &&
          mayReadAllSites(u.sites, schedule.sites),
      );
    const sent: string[] = [];
    for (const safeguarding of [true, false]) {
      const group = recipients.filter(
        (u) => ROLE_PERMISSIONS[u.role].includes("reports:safeguarding") === safeguarding,
      );
      if (group.length === 0) continue;
      const report = generate(
        { schedule: schedule.id, safeguarding, sites: schedule.sites.length ? schedule.sites : null },
        schedule.kind,
      );
      const link = `${publicUrl.replace(/\/$/, "")}/reports/${report.id}`;
      const holdsCases = permission === "reports:safeguarding" || safeguarding;
      const to = group.map((u) => u.email);
      await sender.report(to, {
        subject: `[Fenceline] ${report.title}`,
        text: `${report.body.introduction}\n\n${holdsCases ? "Sign in to read it" : "It is attached, and"} here: ${link}\n`,
        ...(holdsCases
          ? {}
          : { attachment: { filename: `${schedule.kind}-${report.id}.html`, content: await renderHtml(report.body) } }),
      });
      sent.push(...to);
    }
    log.info({ schedule: schedule.id, kind: schedule.kind, recipients: sent.length }, "scheduled report sent");
    return sent;
  }

  /**
   * One firing of a schedule at `firedAt`: sent only by the process that claims the firing's slot,
   * and only if the schedule is still stored, enabled and unchanged (another process may have
   * stopped or changed it since this one started its task). Returns the recipients; none if not sent.
   */
  async fire(schedule: ReportSchedule, firedAt: Date): Promise<string[]> {
    const current = this.deps.stores.reports.schedules().find((s) => s.id === schedule.id);
    if (!current || current.cron !== schedule.cron) return [];
    if (!this.deps.leases.claimReportSlot(schedule.id, firedAt)) {
      this.deps.log.debug({ schedule: schedule.id }, "scheduled report sent by another hub process");
      return [];
    }
    return this.run(current);
  }

  /**
   * Brings this process's tasks in line with the stored schedules: starts those another hub
   * process added, stops those it removed, restarts those it moved to another time.
   */
  resync(): void {
    if (!this.running) return;
    const stored = new Map(this.deps.stores.reports.schedules().map((s) => [s.id, s]));
    for (const id of [...this.tasks.keys()].filter((id) => !stored.has(id))) {
      void this.tasks.get(id)?.stop();
      this.tasks.delete(id);
      this.crons.delete(id);
    }
    for (const schedule of stored.values()) if (this.crons.get(schedule.id) !== schedule.cron) this.schedule(schedule);
  }

  /** The schedules this process has a task for, and the cron each runs on. */
  scheduled(): { id: number; cron: string }[] {
    return [...this.crons].map(([id, cron]) => ({ id, cron })).sort((a, b) => a.id - b.id);
  }

  /** (Re)starts one schedule's task; a task it had already (added before `start`, or changed) is stopped first. */
  private schedule(schedule: ReportSchedule): void {
    void this.tasks.get(schedule.id)?.stop();
    const task = cron.schedule(
      schedule.cron,
      async () => {
        try {
          await this.fire(schedule, new Date());
        } catch (error) {
          this.deps.log.error({ err: error, schedule: schedule.id }, "scheduled report failed");
        }
      },
      { noOverlap: true, timezone: this.zoneOf(schedule) },
    );
    this.tasks.set(schedule.id, task);
    this.crons.set(schedule.id, schedule.cron);
  }
}
