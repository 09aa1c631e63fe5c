import { z } from "zod";
import { type AlertRoute, actorIsRecipient, restrictedAudience } from "../domain/alert-routes.ts";
import { REPORT_KINDS, type ReportKind } from "../domain/report-document.ts";
import { type Actor, actorCan, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { REPORTS } from "../reports/report-kinds.ts";
import type { ScheduledGenerate } from "../reports/report-scheduler.ts";
import { actorName } from "../services/audit-service.ts";
import type { StoredReport } from "../store/report-archive-store.ts";
import { seesAllSites, validate } from "./access.ts";

export const generateReportInput = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  /** The period, as ISO dates or times; both or neither (neither: the week, term, quarter or year just gone). */
  from: z.iso.date().or(z.iso.datetime()).optional(),
  to: z.iso.date().or(z.iso.datetime()).optional(),
  sites: z.array(z.string().min(1).max(40)).min(1).max(500).optional(),
});

/** Reports generated on demand or on schedule, and read by the roles allowed to: their permission, their sites. */
export function reportActions(services: HubServices) {
  const { stores, reports, audit } = services;
  /** On the route of the site's concerns about staff (by default its DSLs); a site whose settings do not hold: the DSLs. */
  const seesRestricted = (actor: Actor) => (siteId: string) => {
    if (actor.system) return true;
    let routes: AlertRoute[] = [];
    try {
      routes = services.alerts.settings(siteId).routes;
    } catch {
      // Invalid stored settings are the alerting page's conflict to show; here they give the default route.
    }
    return actorIsRecipient(actor, restrictedAudience(routes));
  };
  const mayRead = (actor: Actor, report: StoredReport) =>
    actorCan(actor, REPORTS[report.kind].permission) &&
    seesAllSites(actor, report.sites) &&
    (!reports.holdsCases(report) || actorCan(actor, "reports:safeguarding")) &&
    // Reading a stored body only for a reader off the route at some of its sites.
    (report.sites.every(seesRestricted(actor)) || reports.restrictedDetails(report).every(seesRestricted(actor)));
  const logGenerated = (by: Actor | string, report: ReturnType<typeof reports.generate>) =>
    audit.record(
      by,
      "report.generated",
      `report ${report.id}`,
      { kind: report.kind, sites: report.body.sites.map((s) => s.id), period: report.body.period },
      report.body.sites.length === 1 ? (report.body.sites[0]?.id ?? null) : null,
    );

  /** For the scheduler: the report for a schedule's audience, logged as the schedule's. */
  const generateScheduled: ScheduledGenerate = (reader, kind) => {
    const sites = stores.fleet.sites().filter((s) => reader.sites === null || reader.sites.includes(s.id));
    const generatedBy = `schedule ${reader.schedule}`;
    const report = reports.generate({ safeguarding: reader.safeguarding, generatedBy }, kind, { sites });
    logGenerated(generatedBy, report);
    return report;
  };

  return {
    generateScheduled,

    /** Generates and stores a report over the actor's sites (or those of them named); each kind needs its permission. */
    generate(actor: Actor, input: z.input<typeof generateReportInput>) {
      const { kind, from, to, sites: named } = validate(generateReportInput, input);
      const permission = REPORTS[kind].permission;
      if (!actorCan(actor, permission))
        throw new HubError(
          "forbidden",
          `the ${kind} report needs the "${permission}" permission, which the ${actor.role} role lacks`,
        );
      const visible = stores.fleet.sites().filter((s) => actorSeesSite(actor, s.id));
      const sites = named ? visible.filter((s) => named.includes(s.id)) : visible;
      if (named && sites.length !== named.length)
        throw new HubError("not-found", "one or more of those sites do not exist, or are not yours");
      const report = reports.generate(
        {
          safeguarding: actorCan(actor, "reports:safeguarding"),
          seesRestricted: seesRestricted(actor),
          generatedBy: actorName(actor),
        },
        kind as ReportKind,
        { ...(from ? { from } : {}), ...(to ? { to } : {}), sites },
      );
      logGenerated(actor, report);
      return report;
    },

    /** Stored reports the actor may read, newest first. */
    list(actor: Actor, input: { limit?: number } = {}) {
      return reports.list(input.limit ?? 200).filter((report) => mayRead(actor, report));
    },

    /** One report; one the actor may not read does not exist, as far as they can tell. The reading is logged. */
    get(actor: Actor, input: { id: number }) {
      const report = Number.isInteger(input.id) ? reports.find(input.id) : undefined;
      if (!report || !mayRead(actor, report)) throw new HubError("not-found", `no report ${input.id}`);
      const site = report.sites.length === 1 ? (report.sites[0] ?? null) : null;
      audit.record(actor, "report.viewed", `report ${input.id}`, { kind: report.kind }, site);
      return report.body;
    },

    /** Which kinds the actor may generate. */
    kinds(actor: Actor): ReportKind[] {
      return REPORT_KINDS.filter((kind) => actorCan(actor, REPORTS[kind].permission));
    },
  };
}
