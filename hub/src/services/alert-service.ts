import type { Taxonomy } from "@fenceline/shared";
import type { Logger } from "pino";
import type { IncidentRules } from "../domain/incident-rules.ts";
import { formatLocalTime, timeZoneOfPolicy } from "../domain/local-time.ts";
import { type Severity, severityRank } from "../domain/severity.ts";
import { DEFAULT_SITE_ALERTING, type SiteAlerting, siteAlertingSchema } from "../domain/site-alerting.ts";
import { DEFAULT_WEBHOOK_POLICY, type WebhookPolicy, webhookUrlProblem } from "../domain/webhook-policy.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import { alertAudience } from "./alert-audience.ts";
import type { AlertMessage, AlertSender } from "./alert-sender.ts";
import type { IncidentChange } from "./incident-engine.ts";
import type { Pseudonymiser } from "./pseudonymiser.ts";

const RETRY_DELAYS_MS = [0, 2_000, 10_000];

/** A failure marked permanent, possibly as the cause of the error the HTTP client throws. */
function refusedForGood(error: unknown): boolean {
  let e = error as { permanent?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) if (e.permanent === true) return true;
  return false;
}

export interface AlertDeps {
  stores: HubStores;
  sender: AlertSender;
  rules: IncidentRules;
  taxonomy: Taxonomy;
  privacy: Pseudonymiser;
  /** The hub's address as people reach it, for links in alerts. */
  publicUrl: string;
  /** Where webhooks may go; refused URLs are refused when set, and checked again when sent. */
  webhooks?: WebhookPolicy;
  log: Logger;
  now?: () => Date;
}

/**
 * Alerts the site's DSLs (and, out of hours, its out-of-hours contacts) about serious incidents,
 * by email and webhook, throttled per client and category. Illegal-content incidents are never
 * throttled. Every alert, sent, failed or suppressed, is recorded against its incident.
 */
export class AlertService {
  private readonly deps: AlertDeps;
  private readonly now: () => Date;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(deps: AlertDeps) {
    this.deps = deps;
    this.now = deps.now ?? (() => new Date());
  }

  notify(changes: readonly IncidentChange[]): void {
    const min = this.deps.rules.alerts.minSeverity;
    for (const change of changes) {
      if (severityRank(change.severity) < severityRank(min)) continue;
      const job = this.alert(change).catch((error: unknown) =>
        this.deps.log.error({ err: error, incidentId: change.incidentId }, "alert failed"),
      );
      this.inFlight.add(job);
      void job.finally(() => this.inFlight.delete(job));
    }
  }

  /** Waits for alerts under way: at shutdown, and in tests. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The site's settings; stored ones this version no longer accepts are a conflict to set right, not a 500. */
  settings(siteId: string): SiteAlerting {
    const stored = this.deps.stores.alerts.settings(siteId);
    if (!stored) return DEFAULT_SITE_ALERTING;
    const parsed = siteAlertingSchema.safeParse(stored);
    if (parsed.success) return parsed.data;
    const problems = issueLines(parsed.error.issues);
    throw new HubError(
      "conflict",
      `the site's stored alerting settings are no longer valid (${problems.join("; ")}); set them again`,
      problems,
    );
  }

  /** Replaces the site's settings; returns the old and the new. */
  setSettings(siteId: string, body: unknown): { old: SiteAlerting; new: SiteAlerting } {
    if (!this.deps.stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    const parsed = siteAlertingSchema.safeParse(body);
    if (!parsed.success)
      throw new HubError("invalid-request", "invalid alerting settings", issueLines(parsed.error.issues));
    const webhook = parsed.data.webhookUrl;
    const refused = webhook ? webhookUrlProblem(webhook, this.deps.webhooks ?? DEFAULT_WEBHOOK_POLICY) : null;
    if (refused) throw new HubError("invalid-request", "invalid alerting settings", [`webhookUrl: ${refused}`]);
    // Settings stored invalid by an older version are replaced, not a reason to refuse the fix.
    const old =
      siteAlertingSchema.safeParse(this.deps.stores.alerts.settings(siteId) ?? DEFAULT_SITE_ALERTING).data ??
      DEFAULT_SITE_ALERTING;
    this.deps.stores.alerts.setSettings(siteId, parsed.data, this.now().toISOString());
    return { old, new: parsed.data };
  }

  private async alert(change: IncidentChange): Promise<void> {
    const { stores, rules } = this.deps;
    const now = this.now();
    const key = `${change.siteId}|${change.clientAddress}|${change.category}`;
    const throttle = stores.alerts.throttle(key);
    const throttled =
      !change.illegal &&
      throttle !== undefined &&
      now.getTime() - Date.parse(throttle.lastSentAt) < rules.alerts.throttleMinutes * 60_000;
    const base = { incidentId: change.incidentId, at: now.toISOString() };
    if (throttled) {
      stores.alerts.markSuppressed(key);
      stores.alerts.record({
        ...base,
        channel: "none",
        recipients: [],
        status: "suppressed",
        error: null,
        suppressed: 0,
      });
      return;
    }
    const suppressed = throttle?.suppressed ?? 0;
    stores.alerts.markSent(key, now.toISOString());
    const { settings, recipients } = alertAudience(
      { stores, settings: (siteId) => this.settings(siteId), log: this.deps.log },
      change.siteId,
      now,
      (error) =>
        stores.alerts.record({ ...base, channel: "settings", recipients: [], status: "failed", error, suppressed }),
    );
    const message = this.message(change, suppressed);
    const jobs: Promise<void>[] = [];
    if (recipients.length > 0)
      jobs.push(this.deliver(base, "email", recipients, suppressed, () => this.deps.sender.email(recipients, message)));
    else
      stores.alerts.record({
        ...base,
        channel: "email",
        recipients: [],
        status: "failed",
        error: "no DSL or contact to alert",
        suppressed,
      });
    if (settings.webhookUrl) {
      const url = settings.webhookUrl;
      jobs.push(
        this.deliver(base, "webhook", [url], suppressed, () =>
          this.deps.sender.webhook(url, message, {
            incident: change.incidentId,
            severity: change.severity,
            site: change.siteId,
            category: change.category,
            link: this.link(change.incidentId),
          }),
        ),
      );
    }
    await Promise.all(jobs);
  }

  private async deliver(
    base: { incidentId: number; at: string },
    channel: string,
    recipients: string[],
    suppressed: number,
    send: () => Promise<void>,
  ): Promise<void> {
    let lastError = "";
    for (const delay of RETRY_DELAYS_MS) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        await send();
        this.deps.stores.alerts.record({ ...base, channel, recipients, status: "sent", error: null, suppressed });
        return;
      } catch (error) {
        lastError = (error as Error).message;
        // A webhook the policy refuses stays refused: record it now rather than after the retries.
        if (refusedForGood(error)) break;
      }
    }
    this.deps.stores.alerts.record({ ...base, channel, recipients, status: "failed", error: lastError, suppressed });
    this.deps.log.error({ incidentId: base.incidentId, channel, error: lastError }, "alert could not be delivered");
  }

  private message(change: IncidentChange, suppressed: number): AlertMessage {
    const site = this.deps.stores.fleet.site(change.siteId)?.name ?? change.siteId;
    const category = this.deps.taxonomy.byId.get(change.category)?.name ?? change.category;
    const severity = change.severity.toUpperCase() as Uppercase<Severity>;
    const lines = [
      `${change.kind === "raised" ? "A new" : "An escalated"} ${severity} safeguarding incident needs the DSL's attention.`,
      "",
      `Incident:   #${change.incidentId}${change.illegal ? " (illegal-content category: act now)" : ""}`,
      `Site:       ${site}`,
      `Category:   ${category}`,
      `Group:      ${change.group}`,
      `Client:     ${this.deps.privacy.pseudonym(change.clientAddress)} (identity shown in the hub)`,
      `First seen: ${formatLocalTime(change.firstSeen, this.siteZone(change.siteId))}`,
      `Lookups:    ${change.eventCount}`,
      ...(suppressed > 0
        ? [`Also:       ${suppressed} further alert(s) for this client and category were held back`]
        : []),
      "",
      `Open it: ${this.link(change.incidentId)}`,
      "",
      "This email leaves out the client's identity and the names looked up; sign in to the hub to see them.",
    ];
    return {
      subject: `[Fenceline] ${severity} incident #${change.incidentId} at ${site}: ${category}`,
      text: lines.join("\n"),
    };
  }

  /** The zone the site's people read times in: its policy's, else Europe/London. */
  private siteZone(siteId: string): string {
    const row = this.deps.stores.policies.current(siteId);
    return timeZoneOfPolicy(row ? JSON.parse(row.body) : null);
  }

  private link(incidentId: number): string {
    return `${this.deps.publicUrl.replace(/\/$/, "")}/incidents/${incidentId}`;
  }
}
