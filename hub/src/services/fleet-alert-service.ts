import type { Heartbeat } from "@fenceline/shared";
import type { Logger } from "pino";
import { formatLocalTime } from "../domain/local-time.ts";
import { DEFAULT_SITE_ALERTING, inOfficeHours, type SiteAlerting } from "../domain/site-alerting.ts";
import type { FleetEpisode } from "../store/fleet-alert-store.ts";
import type { AgentSummary } from "../store/fleet-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { sendWithRetries } from "./alert-delivery.ts";
import type { AlertSender } from "./alert-sender.ts";
import { ictRecipients } from "./filter-check-alert.ts";

export interface FleetAlertDeps {
  stores: HubStores;
  sender: AlertSender;
  log: Logger;
  /** An agent silent this long in the site's office hours is reported to ICT. */
  offlineAfterMinutes: number;
  /** Lists older than this are reported to ICT. */
  staleListsAfterDays: number;
  /** The site's alerting settings (its office hours); throws when the stored ones no longer pass. */
  settings: (siteId: string) => SiteAlerting;
  zoneOf: (siteId: string) => string;
  publicUrl: string;
  now?: () => Date;
}

type Problem = FleetEpisode["problem"];

/**
 * Tells the site's ICT administrators, once per episode, of an agent gone silent in office hours
 * or lists gone stale; the episode ends when the agent is back or its lists are fresh, and the
 * next one alerts again. Only what the fleet page shows: agent and site names, no look-ups.
 */
export class FleetAlertService {
  private readonly deps: FleetAlertDeps;
  private readonly now: () => Date;

  constructor(deps: FleetAlertDeps) {
    this.deps = deps;
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks every agent; returns how many alerts went out. */
  async check(): Promise<number> {
    const { stores } = this.deps;
    const now = this.now();
    const open = new Set(stores.fleetAlerts.all().map((e) => `${e.agentId}|${e.problem}`));
    let sent = 0;
    for (const site of stores.fleet.sites()) {
      const officeHours = inOfficeHours(this.settings(site.id), now);
      for (const agent of stores.fleet.siteAgents(site.id)) {
        if (agent.revokedAt) continue;
        const problems = this.problems(agent, now);
        for (const problem of ["offline", "stale-lists"] as const) {
          const isOpen = open.has(`${agent.id}|${problem}`);
          if (!problems.has(problem)) {
            if (isOpen) stores.fleetAlerts.close(agent.id, problem);
          } else if (!isOpen && (problem !== "offline" || officeHours)) {
            if (await this.alert(site, agent, problem)) sent++;
          }
        }
      }
    }
    return sent;
  }

  private problems(agent: AgentSummary, now: Date): Set<Problem> {
    const found = new Set<Problem>();
    if (!agent.lastSeenAt) return found;
    if (now.getTime() - Date.parse(agent.lastSeenAt) > this.deps.offlineAfterMinutes * 60_000) found.add("offline");
    // Silent lists age with the agent; while it is offline that is the one problem to report.
    else if (agent.lastHeartbeat) {
      const builtAt = (JSON.parse(agent.lastHeartbeat) as Partial<Heartbeat>).lists?.builtAt;
      if (builtAt && now.getTime() - Date.parse(builtAt) > this.deps.staleListsAfterDays * 86_400_000)
        found.add("stale-lists");
    }
    return found;
  }

  private settings(siteId: string): SiteAlerting {
    try {
      return this.deps.settings(siteId);
    } catch {
      return DEFAULT_SITE_ALERTING;
    }
  }

  private async alert(site: { id: string; name: string }, agent: AgentSummary, problem: Problem): Promise<boolean> {
    const { stores } = this.deps;
    const startedAt = this.now().toISOString();
    const recipients = ictRecipients(stores, site.id);
    const zone = this.deps.zoneOf(site.id);
    const what =
      problem === "offline"
        ? `has not been heard from since ${formatLocalTime(agent.lastSeenAt, zone)}`
        : "is filtering with lists older than its limit: they are not updating";
    const message = {
      subject: `[Fenceline] Agent "${agent.name}" at ${site.name} ${problem === "offline" ? "is offline" : "has stale lists"}`,
      text: [
        `The filtering agent "${agent.name}" at ${site.name} ${what}.`,
        problem === "offline"
          ? "While it is down, look-ups at the site may not be filtered or recorded."
          : "New harmful sites are not being blocked until the lists update.",
        "",
        `Fleet status: ${this.deps.publicUrl.replace(/\/$/, "")}/sites`,
        "",
        "You will not be told again until it recovers and the problem comes back.",
      ].join("\n"),
    };
    const error =
      recipients.length === 0
        ? "no ICT administrator at the site"
        : await sendWithRetries(() => this.deps.sender.email(recipients, message));
    if (error) this.deps.log.error({ siteId: site.id, agentId: agent.id, problem, error }, "fleet alert failed");
    // Recorded either way: one attempt per episode, not a retry every sweep.
    stores.fleetAlerts.open({
      ...{ agentId: agent.id, problem, siteId: site.id, startedAt, recipients },
      ...{ status: error ? "failed" : "sent", error: error || null },
    });
    return !error;
  }
}
