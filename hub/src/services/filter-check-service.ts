import { randomUUID } from "node:crypto";
import type { Taxonomy } from "@fenceline/shared";
import { type CheckRequest, type CheckResult, meetsExpectation } from "@fenceline/shared/checks";
import type { Logger } from "pino";
import { dueCheckSlot } from "../domain/check-slots.ts";
import { HubError } from "../hub-error.ts";
import type { CheckRun, CheckTrigger } from "../store/filter-check-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import type { AlertSender } from "./alert-sender.ts";
import { sendCheckAlert } from "./filter-check-alert.ts";

/** A run not answered this long after it was asked is missed. */
export const CHECK_ANSWER_WINDOW_MS = 2 * 3_600_000;
/** Runs an agent is given at one poll, at most. */
export const CHECK_RUNS_PER_POLL = 20;

export interface FilterCheckDeps {
  stores: HubStores;
  sender: AlertSender;
  taxonomy: Taxonomy;
  log: Logger;
  zoneOf: (siteId: string) => string;
  publicUrl: string;
  now?: () => Date;
}

/**
 * Filtering checks, hub side: asks each active agent of a site for a run on the site's schedule
 * (once per slot) or on demand, hands open runs to their agent with the site's canaries, re-judges
 * what the agent answers (the hub never trusts the agent's `pass`), marks unanswered runs missed,
 * and emails ICT once about each failed run.
 */
export class FilterCheckService {
  private readonly deps: Required<FilterCheckDeps>;

  constructor(deps: FilterCheckDeps) {
    this.deps = { now: () => new Date(), ...deps };
  }

  /** One run per active agent of the site, now; the runs made. */
  requestNow(siteId: string, requestedBy: string): CheckRun[] {
    const runs = this.requestRuns(siteId, "demand", null, requestedBy);
    if (runs.length === 0) throw new HubError("conflict", "the site has no active agent to run a check");
    return runs;
  }

  /** The agent's open runs, oldest first, each with the site's canaries. */
  openFor(agent: { id: string; siteId: string }): CheckRequest[] {
    const canaries = this.deps.stores.checkCanaries
      .ofSite(agent.siteId)
      .map(({ category, name }) => ({ category, name }));
    return this.deps.stores.filterChecks
      .open(agent.id, CHECK_RUNS_PER_POLL)
      .map((run) => ({ id: run.id, requestedAt: run.requestedAt, canaries }));
  }

  /**
   * Stores an agent's answer to one of its own open runs, every item re-judged. Another agent's
   * run is "not found", like one that does not exist; a run answered or missed already is a conflict.
   */
  record(agent: { id: string; siteId: string }, runId: string, result: CheckResult): CheckRun {
    const { stores } = this.deps;
    const run = stores.filterChecks.get(runId);
    if (!run || run.agentId !== agent.id) throw new HubError("not-found", "no such check run");
    if (run.status !== "requested") throw new HubError("conflict", `the check run is ${run.status} already`);
    const items = result.items.map((item) => ({ ...item, pass: meetsExpectation(item.expected, item.outcome) }));
    const failedCount = items.filter((item) => !item.pass).length;
    const stored = stores.filterChecks.answer(run.id, {
      ...{ status: failedCount > 0 ? "failed" : "passed", finishedAt: this.deps.now().toISOString() },
      ...{ listsVersion: result.listsVersion, items, untested: result.untested, failedCount },
    });
    if (!stored) throw new HubError("conflict", "the check run was closed meanwhile");
    return stores.filterChecks.get(run.id) as CheckRun;
  }

  /** The sweep: scheduled runs due, unanswered runs missed, failed runs alerted. Returns emails sent. */
  async sweep(): Promise<number> {
    this.requestScheduled();
    this.expire();
    return this.alertFailed();
  }

  /** Asks for the runs of every site whose slot passed in the last two hours; how many were made. */
  requestScheduled(): number {
    const { stores } = this.deps;
    const now = this.deps.now();
    let made = 0;
    for (const site of stores.fleet.sites()) {
      const schedule = stores.checkCanaries.schedule(site.id);
      if (!schedule.enabled) continue;
      const slot = dueCheckSlot(schedule, this.deps.zoneOf(site.id), now);
      if (slot) made += this.requestRuns(site.id, "schedule", slot, null).length;
    }
    return made;
  }

  /** Marks runs left unanswered two hours as missed; how many. */
  expire(): number {
    const now = this.deps.now();
    const before = new Date(now.getTime() - CHECK_ANSWER_WINDOW_MS).toISOString();
    return this.deps.stores.filterChecks.expire(before, now.toISOString());
  }

  /** Emails ICT about each failed run not alerted yet; how many emails went. */
  async alertFailed(): Promise<number> {
    let sent = 0;
    for (const run of this.deps.stores.filterChecks.alertsDue()) if (await sendCheckAlert(this.deps, run)) sent++;
    return sent;
  }

  private requestRuns(siteId: string, trigger: CheckTrigger, slot: string | null, by: string | null): CheckRun[] {
    const { stores } = this.deps;
    const requestedAt = this.deps.now().toISOString();
    return stores.transaction(() =>
      stores.fleet
        .siteAgents(siteId)
        .filter((agent) => !agent.revokedAt)
        .map((agent) => ({ id: randomUUID(), siteId, agentId: agent.id, trigger, slot, requestedBy: by, requestedAt }))
        .filter((run) => stores.filterChecks.insert(run))
        .map((run) => stores.filterChecks.get(run.id) as CheckRun),
    );
  }
}
