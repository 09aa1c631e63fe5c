import { cursorCodec } from "@fenceline/shared";
import { type CheckItem, checkResultSchema } from "@fenceline/shared/checks";
import { z } from "zod";
import { lockedLabel, seesLockedNames } from "../domain/locked-names.ts";
import { type Actor, actorSeesSite } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { actorName } from "../services/audit-service.ts";
import type { CheckRun } from "../store/filter-check-store.ts";
import { requirePermission, validate } from "./access.ts";
import type { AgentIdentity } from "./agents.ts";
import { checkCanaryActions } from "./check-canaries.ts";
import { requireKnownSite } from "./directory-access.ts";

export const checkScheduleInput = z.strictObject({
  /** Weekdays, 0 = Sunday. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  /** "HH:MM" on the site's wall clock. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM"),
  enabled: z.boolean(),
});

export const checkListQuery = z.strictObject({
  /** The previous answer's `next`: the page after it. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The paging cursor of the runs list: the last run shown. */
const runCursor = cursorCodec(z.strictObject({ requestedAt: z.string().max(40), id: z.string().max(64) }));

/** A run as a list shows it: everything but the items. */
export type CheckRunSummary = Omit<CheckRun, "items" | "untested">;
const summary = ({ items: _items, untested: _untested, ...rest }: CheckRun): CheckRunSummary => rest;

/**
 * Filtering checks, as people and agents use them: a site's runs and their results, a run asked
 * for now, the site's schedule, its canaries (check-canaries.ts), and the agent's side (its open
 * runs, its answers). Names of items in locked categories are shown only to the DSL roles.
 */
export function filterCheckActions(services: HubServices) {
  const { stores, audit, filterChecks, settings, policies } = services;
  const { taxonomy } = settings;
  const siteFor = (actor: Actor, permission: "checks:read" | "checks:run" | "checks:schedule", siteId: string) => {
    requirePermission(actor, permission);
    return requireKnownSite(stores, actor, siteId);
  };
  const maskItem = (item: CheckItem): CheckItem =>
    item.category !== null && taxonomy.byId.get(item.category)?.locked === true
      ? { ...item, name: lockedLabel([item.category], taxonomy) }
      : item;
  const asSeenBy = (actor: Actor, run: CheckRun): CheckRun =>
    seesLockedNames(actor) ? run : { ...run, items: run.items.map(maskItem) };

  return {
    ...checkCanaryActions(services),

    /** The sites the actor works with, each with its latest run: where the checks pages start. */
    sites(actor: Actor) {
      requirePermission(actor, "checks:read");
      return stores.fleet
        .sites()
        .filter((site) => actorSeesSite(actor, site.id))
        .map((site) => ({
          ...{ id: site.id, name: site.name, zone: policies.timeZone(site.id) },
          latest: stores.filterChecks.ofSite(site.id, 1).map(summary)[0] ?? null,
        }));
    },

    /** A page of the site's runs, newest first, and the cursor of the next page (null at the end). */
    list(actor: Actor, input: { siteId: string } & z.input<typeof checkListQuery>) {
      const { siteId: site, ...fields } = input;
      const siteId = siteFor(actor, "checks:read", site);
      const query = validate(checkListQuery, fields, "the query");
      const after = query.after ? runCursor.decode(query.after) : null;
      if (after && !after.ok) throw new HubError("invalid-request", after.problem);
      const runs = stores.filterChecks.ofSite(siteId, query.limit + 1, after?.value ?? null);
      const page = runs.slice(0, query.limit);
      const last = page.at(-1);
      const next =
        runs.length > query.limit && last ? runCursor.encode({ requestedAt: last.requestedAt, id: last.id }) : null;
      return { runs: page.map(summary), next };
    },

    /** One run with its items, as the actor may see them. */
    get(actor: Actor, input: { siteId: string; runId: string }) {
      const siteId = siteFor(actor, "checks:read", input.siteId);
      const run = stores.filterChecks.get(input.runId);
      if (!run || run.siteId !== siteId) throw new HubError("not-found", "no such check run");
      return asSeenBy(actor, run);
    },

    /** The site's latest run with its items, or null: what the checks page shows first. */
    latest(actor: Actor, input: { siteId: string }) {
      const siteId = siteFor(actor, "checks:read", input.siteId);
      const [run] = stores.filterChecks.ofSite(siteId, 1);
      return run ? asSeenBy(actor, run) : null;
    },

    /** One run per active agent of the site, now. */
    requestNow(actor: Actor, input: { siteId: string }) {
      const siteId = siteFor(actor, "checks:run", input.siteId);
      return stores.transaction(() => {
        const runs = filterChecks.requestNow(siteId, actor.userId);
        audit.record(actor, "filter-check.requested", null, { runs: runs.map((r) => r.id) }, siteId);
        return runs.map(summary);
      });
    },

    /** The site's check schedule, and the zone its time is read in. */
    schedule(actor: Actor, input: { siteId: string }) {
      const siteId = siteFor(actor, "checks:read", input.siteId);
      return { ...stores.checkCanaries.schedule(siteId), zone: policies.timeZone(siteId) };
    },

    setSchedule(actor: Actor, input: { siteId: string } & z.input<typeof checkScheduleInput>) {
      const { siteId: site, ...fields } = input;
      const siteId = siteFor(actor, "checks:schedule", site);
      const body = validate(checkScheduleInput, fields);
      const schedule = { ...body, days: [...new Set(body.days)].sort((a, b) => a - b) };
      return stores.transaction(() => {
        stores.checkCanaries.setSchedule(siteId, schedule, actorName(actor), services.clock().toISOString());
        audit.record(actor, "filter-check.schedule-set", null, schedule, siteId);
        return { ...schedule, zone: policies.timeZone(siteId) };
      });
    },

    /** The agent's open runs with its site's canaries. */
    agentRuns(agent: AgentIdentity) {
      return { runs: filterChecks.openFor(agent) };
    },

    /** The agent's answer to one of its runs. */
    agentResult(agent: AgentIdentity, runId: string, body: unknown): void {
      filterChecks.record(agent, runId, validate(checkResultSchema, body, "the check result"));
    },
  };
}
