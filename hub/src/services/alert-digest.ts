import type { Taxonomy } from "@fenceline/shared";
import type { Logger } from "pino";
import { formatLocalDate, formatLocalTime, localToUtc } from "../domain/local-time.ts";
import type { HubStores } from "../store/open-stores.ts";
import { sendWithRetries } from "./alert-delivery.ts";
import { topic } from "./alert-message.ts";
import type { AlertSender } from "./alert-sender.ts";

export interface DigestDeps {
  stores: HubStores;
  sender: AlertSender;
  taxonomy: Taxonomy;
  log: Logger;
  /** When each day's digest goes, as HH:MM in the site's zone. */
  digestAt: string;
  zoneOf: (siteId: string) => string;
  link: (incidentId: number) => string;
  now?: () => Date;
}

/**
 * The daily digest: incidents below the alerting grade, queued as they were raised, sent once a
 * day at the configured time in the site's zone to the first recipients of their routes (one
 * email per set of recipients). Each digest is recorded, and against each incident in it.
 */
export class DigestService {
  private readonly deps: DigestDeps;
  private readonly now: () => Date;

  constructor(deps: DigestDeps) {
    this.deps = deps;
    this.now = deps.now ?? (() => new Date());
  }

  /** Sends every site's digest that is due; returns how many emails went. */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (const siteId of this.deps.stores.alertFollowUps.sitesWaiting())
      if (this.due(siteId)) sent += await this.send(siteId);
    return sent;
  }

  /** Whether today's digest time has passed at the site with no digest sent since. */
  private due(siteId: string): boolean {
    const now = this.now();
    const zone = this.deps.zoneOf(siteId);
    const today = localToUtc(`${formatLocalDate(now.toISOString(), zone)}T${this.deps.digestAt}`, zone);
    if (!today || now.toISOString() < today) return false;
    const last = this.deps.stores.alertFollowUps.lastDigestAt(siteId);
    return last === null || last < today;
  }

  private async send(siteId: string): Promise<number> {
    const { stores } = this.deps;
    const at = this.now().toISOString();
    const groups = new Map<string, number[]>();
    for (const item of stores.alertFollowUps.waiting(siteId)) {
      const key = JSON.stringify([...item.recipients].sort());
      groups.set(key, [...(groups.get(key) ?? []), item.incidentId]);
    }
    let sent = 0;
    for (const [key, incidents] of groups) {
      const recipients = JSON.parse(key) as string[];
      const error =
        recipients.length === 0
          ? "nobody on the route to send the digest to"
          : await sendWithRetries(() => this.deps.sender.email(recipients, this.message(siteId, incidents)));
      const status = error ? "failed" : "sent";
      stores.alertFollowUps.recordDigest({ siteId, at, recipients, incidents, status, error: error || null });
      for (const incidentId of incidents)
        stores.alerts.record({
          incidentId,
          at,
          channel: "digest",
          recipients,
          status,
          error: error || null,
          suppressed: 0,
        });
      if (error) this.deps.log.error({ siteId, error }, "digest could not be delivered");
      else sent++;
    }
    return sent;
  }

  private message(siteId: string, incidentIds: number[]) {
    const { stores } = this.deps;
    const zone = this.deps.zoneOf(siteId);
    const site = stores.fleet.site(siteId)?.name ?? siteId;
    const lines = incidentIds.flatMap((id) => {
      const i = stores.incidents.get(id);
      if (!i) return [];
      const about = topic({ incidentKind: i.kind, category: i.category }, this.deps.taxonomy);
      return [
        `#${id}  ${i.severity.toUpperCase()}  ${about}  first seen ${formatLocalTime(i.firstSeen, zone)}  ${i.state}`,
        `    ${this.deps.link(id)}`,
      ];
    });
    return {
      subject: `[Fenceline] Daily digest: ${incidentIds.length} incident(s) at ${site}`,
      text: [
        `Incidents at ${site} below the grade that alerts at once, raised since the last digest:`,
        "",
        ...lines,
        "",
        "This email leaves out people's identities and the names looked up; sign in to the hub to see them.",
      ].join("\n"),
    };
  }
}
