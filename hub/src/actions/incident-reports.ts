import { z } from "zod";
import { CONCERN_SUBJECTS, REPORTED_KINDS, YES_NO_UNSURE } from "../domain/incident-kinds.ts";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import type { Concern, ConcernOrigin } from "../services/concern-service.ts";
import type { IncidentChange } from "../services/incident-engine.ts";
import { SharedRateLimiter } from "../services/shared-login-limits.ts";
import { requirePermission, requireSite, validate } from "./access.ts";

const text = (max: number) => z.string().trim().min(1).max(max);
/** A time a little ahead of the hub's clock is a clock out of step, not a report from the future. */
const CLOCK_SLACK_MS = 5 * 60_000;

export const concernInput = z.strictObject({
  siteId: z.string().min(1).max(64),
  kind: z.enum(REPORTED_KINDS),
  concerns: z.strictObject({
    subject: z.enum(CONCERN_SUBJECTS),
    description: z.string().trim().max(200).default(""),
  }),
  reportedBy: text(200),
  /** When it happened: an instant with its offset (pages turn the site's wall clock into one). */
  occurredAt: z.iso.datetime({ offset: true }),
  whatHappened: text(8000),
  immediateRisk: z.enum(YES_NO_UNSURE),
  illegalMaterial: z.enum(YES_NO_UNSURE).default("unsure"),
});

/** What the learners' form takes: a site and some text, nothing else. */
export const learnerConcernInput = z.strictObject({
  siteId: z.string().min(1).max(64),
  text: text(4096),
});

/** The anonymous form: this many reports per client address an hour, so it cannot flood the DSL's queue. */
export const LEARNER_REPORTS_PER_HOUR = 5;
const LEARNER = "learner (anonymous form)";

/**
 * The report's change as alerts hear of it once the response rules have read its answers: their
 * grade, and at once if they ask for it (one alert, not one for the report and one for the rules).
 */
function withResponseRules(reported: IncidentChange, ruled: IncidentChange[]): IncidentChange {
  const last = ruled.at(-1);
  if (!last) return reported;
  return { ...reported, severity: last.severity, atOnce: reported.atOnce || last.atOnce };
}

/** Reporting a concern, seeing one's own reports, and the learners' anonymous "report a problem" form. */
export function incidentReportActions(services: HubServices) {
  const { stores, concerns, incidents, audit, alerts } = services;
  // Counted in the database: every hub process on it holds an address to the same hourly limit.
  const hour = 60 * 60_000;
  const learnerLimit = new SharedRateLimiter(
    stores.signIns,
    "learner-report",
    LEARNER_REPORTS_PER_HOUR,
    hour,
    Date.now,
  );
  const existingSite = (actor: Actor, siteId: string) => {
    requireSite(actor, siteId);
    if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    return siteId;
  };
  const open = (origin: ConcernOrigin, who: Actor | string, concern: Concern) => {
    const change = stores.transaction(() => {
      const reported = concerns.open(origin, concern);
      const opened = withResponseRules(reported, incidents.respondToOpening(reported.incidentId));
      audit.record(
        who,
        "incident.reported",
        `incident ${opened.incidentId}`,
        { kind: concern.kind, severity: opened.severity },
        concern.siteId,
      );
      return opened;
    });
    alerts.notify([change]);
    return { id: change.incidentId, severity: change.severity, state: "new" };
  };
  return {
    /** Opens an incident from a concern at one of the actor's sites. */
    report(actor: Actor, input: unknown) {
      requirePermission(actor, "incidents:report");
      const concern = validate(concernInput, input);
      existingSite(actor, concern.siteId);
      const occurredAt = new Date(concern.occurredAt);
      if (occurredAt.getTime() > Date.now() + CLOCK_SLACK_MS)
        throw new HubError("invalid-request", "when it happened cannot be in the future");
      return open({ by: actorName(actor), submittedBy: actor.email }, actor, {
        ...concern,
        occurredAt: occurredAt.toISOString(),
      });
    },

    /** The concerns the actor reported: what, when, and where each stands; not the DSL's record. */
    myReports(actor: Actor, input: { limit?: number } = {}) {
      requirePermission(actor, "incidents:report");
      const rows = stores.incidents.list({
        sites: actor.sites,
        submittedBy: actor.email,
        restrictedSites: null,
        limit: Math.min(Math.max(1, input.limit ?? 200), 500),
      });
      return rows.map((row) => ({
        id: row.id,
        siteId: row.siteId,
        kind: row.kind,
        occurredAt: row.firstSeen,
        reportedAt: row.openedAt,
        state: row.state,
      }));
    },

    /** The sites the actor may report a concern at. */
    sites(actor: Actor) {
      requirePermission(actor, "incidents:report");
      return stores.fleet.sites().filter((site) => actorSeesSite(actor, site.id));
    },

    /** Whether the learners' form is open at a site (it is at every site the hub knows). */
    learnerFormOpen(siteId: string): boolean {
      return stores.fleet.site(siteId) !== undefined;
    },

    /** The learners' anonymous form: text only, limited per client address, opened as an online-safety concern. */
    learnerReport(input: { siteId: unknown; text: unknown; clientAddress: string }) {
      const { siteId, text: said } = validate(learnerConcernInput, { siteId: input.siteId, text: input.text });
      if (!stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
      // Counted once accepted: a refused form opens nothing, and a learner correcting a mistake is not held back.
      if (!learnerLimit.allow(input.clientAddress))
        throw new HubError("rate-limited", "too many reports from here; try again later, or tell a member of staff", {
          retryAfterSeconds: 3600,
        });
      const now = new Date().toISOString();
      return open({ by: LEARNER, submittedBy: null }, LEARNER, {
        siteId,
        kind: "online-safety-concern",
        concerns: { subject: "unknown", description: "" },
        reportedBy: LEARNER,
        occurredAt: now,
        whatHappened: said,
        immediateRisk: "unsure",
        illegalMaterial: "unsure",
      });
    },
  };
}
