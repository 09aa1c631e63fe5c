import { z } from "zod";
import { REPORT_KINDS } from "../domain/report-document.ts";
import { type Actor, actorCan, ROLES, type Role, roleCan } from "../domain/roles.ts";
import { formToCron } from "../domain/schedule-form.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { DEFAULT_SCHEDULE_AUTHOR, defaultSchedules } from "../reports/default-schedules.ts";
import { REPORTS } from "../reports/report-kinds.ts";
import { ReportScheduler, type ScheduledGenerate } from "../reports/report-scheduler.ts";
import type { ReportSchedule } from "../store/report-archive-store.ts";
import { requirePermission, SYSTEM_ACTOR, seesAllSites, validate } from "./access.ts";

export const scheduleInput = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  cron: z.string().min(9).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  sites: z.array(z.string().min(1).max(40)).max(500).default([]),
});

/** A change of time and roles: a cron expression (the advanced form), or a time of day with weekdays. */
export const scheduleChangeInput = z.strictObject({
  cron: z.string().min(9).max(100).optional(),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
});

/**
 * Report schedules: added and stopped by users (logged), and the job that runs them at their cron
 * time, generating each report through the reports' actions so it is stored and logged the same way.
 */
export function reportScheduleActions(services: HubServices, generate: ScheduledGenerate) {
  const { stores, sender, settings, log, audit } = services;
  const scheduler = new ReportScheduler({
    stores,
    generate,
    sender,
    publicUrl: settings.publicUrl,
    auditHead: () => audit.head(),
    zoneOf: (siteId) => services.alerts.siteZone(siteId),
    log: log.child({ module: "reports" }),
    leases: services.jobLeases,
  });
  /**
   * A schedule the actor may change or stop: its creator's, or one whose report they may read for
   * all its sites; one over sites they do not all see is "not found".
   */
  const changeable = (actor: Actor, id: number, verb: string): ReportSchedule => {
    requirePermission(actor, "reports:aggregate");
    const schedule = scheduler.list().find((s) => s.id === id);
    const ownsIt = schedule?.createdBy === actor.email && !actor.system;
    // Another site's schedule does not exist for this user, like any of its resources.
    if (!schedule || (!ownsIt && !coversOnlyVisible(actor, schedule)))
      throw new HubError("not-found", `no schedule ${id}`);
    if (!ownsIt && !actorCan(actor, REPORTS[schedule.kind].permission))
      throw new HubError(
        "forbidden",
        `only its creator, or a user who may read the ${schedule.kind} report for all its sites, may ${verb} schedule ${id}`,
      );
    return schedule;
  };
  /**
   * Stores a site's default schedules, all or none: call it inside the transaction that makes the
   * site, and start the jobs (`startDefaults`) once it commits, so a failure leaves no job running.
   */
  const storeDefaults = (actor: Actor, siteId: string): ReportSchedule[] =>
    stores.transaction(() => {
      if (!stores.reports.markDefaultsGiven(siteId, new Date().toISOString())) return [];
      const added = defaultSchedules(siteId, settings.reports.terms).map((spec) =>
        scheduler.store(spec, DEFAULT_SCHEDULE_AUTHOR),
      );
      const summary = added.map((s) => ({ id: s.id, kind: s.kind, cron: s.cron, roles: s.roles }));
      audit.record(actor, "report.schedule-defaults-added", siteId, { schedules: summary }, siteId);
      return added;
    });
  const startDefaults = (added: readonly ReportSchedule[]) => {
    for (const schedule of added) scheduler.activate(schedule);
  };
  const addDefaults = (actor: Actor, siteId: string): ReportSchedule[] => {
    const added = storeDefaults(actor, siteId);
    startDefaults(added);
    return added;
  };
  return {
    /** The schedules covering only sites the actor sees (one over every site only for a user of every site). */
    list(actor: Actor): ReportSchedule[] {
      requirePermission(actor, "reports:aggregate");
      return scheduler.list().filter((s) => coversOnlyVisible(actor, s));
    },

    /**
     * A schedule emailing the report to the chosen roles; each must be allowed to read it. It covers
     * only sites its creator sees: a user limited to some sites must name them (no sites is every
     * site), and an unknown site is refused like another's.
     */
    add(actor: Actor, input: z.input<typeof scheduleInput>): ReportSchedule {
      requirePermission(actor, "reports:aggregate");
      const schedule = validate(scheduleInput, input);
      const permission = REPORTS[schedule.kind].permission;
      if (!actorCan(actor, permission))
        throw new HubError("forbidden", `scheduling the ${schedule.kind} report needs the "${permission}" permission`);
      if (schedule.sites.length === 0 && actor.sites !== null)
        throw new HubError("invalid-request", "name the sites the report covers: you work with only some sites");
      const known = new Set(stores.fleet.sites().map((s) => s.id));
      if (!schedule.sites.every((site) => known.has(site)) || !seesAllSites(actor, schedule.sites))
        throw new HubError("not-found", "one or more of those sites do not exist, or are not yours");
      refuseUnreadable(schedule.kind, schedule.roles);
      const added = scheduler.add(schedule, actor.email);
      audit.record(actor, "report.schedule-added", `schedule ${added.id}`, schedule);
      return added;
    },

    /** One schedule the actor may change, with the zone it runs in and its next run (UTC). */
    get(actor: Actor, input: { id: number }) {
      const schedule = changeable(actor, input.id, "change");
      return {
        schedule,
        zone: scheduler.zoneOf(schedule),
        nextRun: scheduler.nextRun(schedule)?.toISOString() ?? null,
      };
    },

    /** Each listed schedule's zone and next run (UTC), for reading "every Monday at 07:00 (Europe/London)". */
    timing(schedule: ReportSchedule) {
      return { zone: scheduler.zoneOf(schedule), nextRun: scheduler.nextRun(schedule)?.toISOString() ?? null };
    },

    /** A new time (or cron expression) and roles for a schedule; each role must be allowed to read its report. */
    update(actor: Actor, input: { id: number } & z.input<typeof scheduleChangeInput>): ReportSchedule {
      const schedule = changeable(actor, input.id, "change");
      const { id: _id, ...rest } = input;
      const change = validate(scheduleChangeInput, rest);
      const cron =
        change.cron ??
        (change.time
          ? formToCron({ time: change.time, ...(change.days ? { days: change.days } : {}) }, schedule.cron)
          : null);
      if (!cron) throw new HubError("invalid-request", "give a time of day (HH:MM) and weekdays, or a cron expression");
      refuseUnreadable(schedule.kind, change.roles);
      const updated = scheduler.update(schedule.id, { cron, roles: change.roles });
      audit.record(actor, "report.schedule-changed", `schedule ${schedule.id}`, {
        before: { cron: schedule.cron, roles: schedule.roles },
        after: { cron, roles: change.roles },
      });
      return updated;
    },

    /** Only its creator, or a user who may read its report for all of its sites, may stop a schedule. */
    remove(actor: Actor, input: { id: number }): void {
      changeable(actor, input.id, "stop");
      scheduler.remove(input.id);
      audit.record(actor, "report.schedule-removed", `schedule ${input.id}`);
    },

    /**
     * The default schedules for a site, once (defaultSchedules): at its creation, and for sites
     * made before, by `backfillDefaults` at the hub's start. Returns those added.
     */
    addDefaults,
    storeDefaults,
    startDefaults,

    /** Gives every existing site without them its default schedules; running it again adds nothing. */
    backfillDefaults(): ReportSchedule[] {
      return stores.fleet.sites().flatMap((site) => addDefaults(SYSTEM_ACTOR, site.id));
    },

    /** The running job: start at the hub's start, stop at its end; `run` sends one schedule's report now. */
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
    run: (schedule: ReportSchedule) => scheduler.run(schedule),
    /** The daily audit anchor email, now. */
    sendAuditAnchor: () => scheduler.sendAuditAnchor(),
  };
}

/** Refuses roles that may not read the report. */
function refuseUnreadable(kind: ReportSchedule["kind"], roles: readonly Role[]): void {
  const refused = roles.filter((role) => !roleCan(role, REPORTS[kind].permission));
  if (refused.length > 0)
    throw new HubError("invalid-request", `the ${refused.join(", ")} role(s) may not read the ${kind} report`);
}

/** Whether every site a schedule covers is one the actor sees; no sites means every site. */
function coversOnlyVisible(actor: Actor, schedule: ReportSchedule): boolean {
  return schedule.sites.length === 0 ? actor.sites === null : seesAllSites(actor, schedule.sites);
}
