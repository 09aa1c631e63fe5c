import { z } from "zod";
import { REPORT_KINDS } from "../domain/report-document.ts";
import { type Actor, actorCan, ROLES, roleCan } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { REPORTS } from "../reports/report-kinds.ts";
import { ReportScheduler, type ScheduledGenerate } from "../reports/report-scheduler.ts";
import type { ReportSchedule } from "../store/report-archive-store.ts";
import { requirePermission, seesAllSites, validate } from "./access.ts";

export const scheduleInput = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  cron: z.string().min(9).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  sites: z.array(z.string().min(1).max(40)).max(500).default([]),
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
    log: log.child({ module: "reports" }),
  });
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
      const refused = schedule.roles.filter((role) => !roleCan(role, permission));
      if (refused.length > 0)
        throw new HubError(
          "invalid-request",
          `the ${refused.join(", ")} role(s) may not read the ${schedule.kind} report`,
        );
      const added = scheduler.add(schedule, actor.email);
      audit.record(actor, "report.schedule-added", `schedule ${added.id}`, schedule);
      return added;
    },

    /** Only its creator, or a user who may read its report for all of its sites, may stop a schedule. */
    remove(actor: Actor, input: { id: number }): void {
      requirePermission(actor, "reports:aggregate");
      const schedule = scheduler.list().find((s) => s.id === input.id);
      if (!schedule) throw new HubError("not-found", `no schedule ${input.id}`);
      const ownsIt = schedule.createdBy === actor.email && !actor.system;
      if (!ownsIt && !(actorCan(actor, REPORTS[schedule.kind].permission) && coversOnlyVisible(actor, schedule)))
        throw new HubError(
          "forbidden",
          `only its creator, or a user who may read the ${schedule.kind} report for all its sites, may stop schedule ${input.id}`,
        );
      scheduler.remove(input.id);
      audit.record(actor, "report.schedule-removed", `schedule ${input.id}`);
    },

    /** The running job: start at the hub's start, stop at its end; `run` sends one schedule's report now. */
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
    run: (schedule: ReportSchedule) => scheduler.run(schedule),
    /** The daily audit anchor email, now. */
    sendAuditAnchor: () => scheduler.sendAuditAnchor(),
  };
}

/** Whether every site a schedule covers is one the actor sees; no sites means every site. */
function coversOnlyVisible(actor: Actor, schedule: ReportSchedule): boolean {
  return schedule.sites.length === 0 ? actor.sites === null : seesAllSites(actor, schedule.sites);
}
