import type { Taxonomy } from "@fenceline/shared";
import type { Logger } from "pino";
import type { IncidentRules } from "../domain/incident-rules.ts";
import { timeZoneOfPolicy } from "../domain/local-time.ts";
import type { RouteQuery } from "../domain/route-match.ts";
import { type Severity, severityRank } from "../domain/severity.ts";
import { DEFAULT_SITE_ALERTING, type SiteAlerting, siteAlertingSchema } from "../domain/site-alerting.ts";
import { DEFAULT_WEBHOOK_POLICY, type WebhookPolicy, webhookUrlProblem } from "../domain/webhook-policy.ts";
import { HubError, issueLines } from "../hub-error.ts";
import type { IncidentRow } from "../store/incident-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { alertAudience } from "./alert-audience.ts";
import { deliverAlert } from "./alert-delivery.ts";
import { type AlertReason, type AlertSubject, alertMessage } from "./alert-message.ts";
import type { AlertSender } from "./alert-sender.ts";
import { throttleKey } from "./alert-throttle.ts";
import type { IncidentChange } from "./incident-engine.ts";
import type { Pseudonymiser } from "./pseudonymiser.ts";

/** Below the alerting grade, down to this one, incidents go into the daily digest instead of an email at once. */
export const DIGEST_MIN_SEVERITY: Severity = "medium";

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
 * Alerts the first people on an incident's route (and out of hours, or at once for illegal
 * material and immediate risk, the out-of-hours contacts) by email and webhook, throttled per
 * client and category unless it must go at once; starts its escalation along the route; queues
 * incidents below the alerting grade for the daily digest. Every alert, sent, failed, suppressed
 * or queued, is recorded against its incident.
 */
export class AlertService {
  private readonly deps: AlertDeps;
  private readonly now: () => Date;
  private readonly inFlight = new Set<Promise<void>>();
  /** Where deliveries are recorded and failures logged. */
  private readonly out: { alerts: HubStores["alerts"]; log: Logger };

  constructor(deps: AlertDeps) {
    this.deps = deps;
    this.out = { alerts: deps.stores.alerts, log: deps.log };
    this.now = deps.now ?? (() => new Date());
  }

  notify(changes: readonly IncidentChange[]): void {
    for (const change of changes) {
      if (severityRank(change.severity) < severityRank(DIGEST_MIN_SEVERITY) && !change.atOnce) continue;
      this.track(
        this.alert(change).catch((error: unknown) =>
          this.deps.log.error({ err: error, incidentId: change.incidentId }, "alert failed"),
        ),
      );
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

  /**
   * Sends the escalations that are due: each to the next people on its route, unless the alert was
   * acknowledged or the incident taken up (no longer new) meanwhile. Returns how many were sent.
   */
  async escalateDue(): Promise<number> {
    const { stores } = this.deps;
    const now = this.now();
    let sent = 0;
    for (const e of stores.alertFollowUps.due(now.toISOString())) {
      const incident = stores.incidents.get(e.incidentId);
      const step = e.steps[e.nextStep - 1];
      let ended: string | null = null;
      if (stores.alertFollowUps.acknowledgement(e.incidentId)) ended = "acknowledged";
      else if (incident?.state !== "new") ended = "incident taken up";
      else if (!step) ended = "end of route";
      if (ended || !incident || !step) {
        stores.alertFollowUps.endEscalation(e.incidentId, ended ?? "end of route");
        continue;
      }
      const minutes = this.escalateAfterMinutes(e.siteId);
      const message = this.message(incident.siteId, this.subjectOf(incident), {
        kind: "unacknowledged",
        step: e.nextStep,
        minutes,
      });
      const base = {
        incidentId: e.incidentId,
        at: now.toISOString(),
        channel: "email",
        recipients: step,
        suppressed: 0,
      };
      await deliverAlert(this.out, { ...base, step: e.nextStep, route: e.route }, () =>
        this.deps.sender.email(step, message),
      );
      sent++;
      if (e.nextStep < e.steps.length)
        stores.alertFollowUps.advance(
          e.incidentId,
          e.nextStep + 1,
          new Date(now.getTime() + minutes * 60_000).toISOString(),
        );
      else stores.alertFollowUps.endEscalation(e.incidentId, "end of route");
    }
    return sent;
  }

  private track(job: Promise<void>): void {
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }

  private async alert(change: IncidentChange): Promise<void> {
    const { stores, rules } = this.deps;
    const now = this.now();
    const base = { incidentId: change.incidentId, at: now.toISOString() };
    const query: RouteQuery & { atOnce: boolean } = {
      incidentKind: change.incidentKind,
      restricted: change.restricted,
      category: change.category,
      categoryClass: this.deps.taxonomy.byId.get(change.category)?.class,
      severity: change.severity,
      atOnce: change.atOnce,
    };
    const audience = alertAudience(
      { stores, settings: (siteId) => this.settings(siteId), log: this.deps.log },
      change.siteId,
      query,
      now,
      (error) =>
        stores.alerts.record({ ...base, channel: "settings", recipients: [], status: "failed", error, suppressed: 0 }),
    );
    const route = audience.route.route.name;
    const first = audience.steps[0] ?? [];
    if (severityRank(change.severity) < severityRank(rules.alerts.minSeverity) && !change.atOnce) {
      stores.alertFollowUps.enqueueDigest({
        ...{ incidentId: change.incidentId, siteId: change.siteId, route, recipients: first, queuedAt: base.at },
      });
      const status = first.length > 0 ? "queued" : "failed";
      const error = first.length > 0 ? null : "nobody on the route to send the digest to";
      stores.alerts.record({ ...base, channel: "digest", recipients: first, status, error, suppressed: 0, route });
      return;
    }
    const key = throttleKey(change);
    // Read and marked in one transaction: hub processes alerting one client at once send one alert.
    // Under the write lock of the incident's site alone (the key is the site's), so that an alert
    // never holds up the batches of every other site while it waits for them to finish.
    const { throttled, suppressed } = stores.siteTransaction(change.siteId, () => {
      const throttle = stores.alerts.throttle(key);
      const throttled =
        !change.atOnce &&
        throttle !== undefined &&
        now.getTime() - Date.parse(throttle.lastSentAt) < rules.alerts.throttleMinutes * 60_000;
      if (throttled) stores.alerts.markSuppressed(key);
      else stores.alerts.markSent(key, now.toISOString());
      return { throttled, suppressed: throttle?.suppressed ?? 0 };
    });
    if (throttled) {
      stores.alerts.record({
        ...base,
        channel: "none",
        recipients: [],
        status: "suppressed",
        error: null,
        suppressed: 0,
        route,
      });
      return;
    }
    const recipients = [...new Set([...first, ...audience.contacts])];
    const message = this.message(change.siteId, this.subjectOf(change), { kind: change.kind, suppressed });
    const alert = { ...base, suppressed, route, step: 1 };
    const jobs: Promise<unknown>[] = [];
    if (recipients.length > 0)
      jobs.push(
        deliverAlert(this.out, { ...alert, channel: "email", recipients }, () =>
          this.deps.sender.email(recipients, message),
        ),
      );
    else
      stores.alerts.record({
        ...alert,
        channel: "email",
        recipients: [],
        status: "failed",
        error: "nobody on the route to alert",
      });
    if (audience.steps.length > 1) {
      const wait = audience.settings.escalateAfterMinutes * 60_000;
      stores.alertFollowUps.startEscalation({
        ...{ incidentId: change.incidentId, siteId: change.siteId, route, steps: audience.steps, nextStep: 2 },
        dueAt: new Date(now.getTime() + wait).toISOString(),
      });
    }
    // A concern about a member of staff stays with its route: not into a shared channel.
    const webhook = change.restricted ? undefined : audience.settings.webhookUrl;
    if (webhook)
      jobs.push(
        deliverAlert(this.out, { ...alert, channel: "webhook", recipients: [webhook] }, () =>
          this.deps.sender.webhook(webhook, message, {
            incident: change.incidentId,
            severity: change.severity,
            site: change.siteId,
            category: change.category,
            link: this.link(change.incidentId),
          }),
        ),
      );
    await Promise.all(jobs);
  }

  private escalateAfterMinutes(siteId: string): number {
    try {
      return this.settings(siteId).escalateAfterMinutes;
    } catch {
      return DEFAULT_SITE_ALERTING.escalateAfterMinutes;
    }
  }

  /** What an alert may say of an incident, from a change or from the stored incident. */
  subjectOf(i: IncidentChange | IncidentRow): AlertSubject {
    const incidentKind = "incidentKind" in i ? i.incidentKind : i.kind;
    const filtered = incidentKind === "filtered-lookup";
    const atOnce = "atOnce" in i ? i.atOnce : i.illegal;
    return {
      incidentId: "incidentId" in i ? i.incidentId : i.id,
      incidentKind,
      siteName: this.deps.stores.fleet.site(i.siteId)?.name ?? i.siteId,
      category: i.category,
      severity: i.severity,
      illegal: i.illegal,
      atOnce,
      client: filtered && i.clientAddress ? this.deps.privacy.pseudonym(i.clientAddress) : null,
      group: filtered ? i.group : null,
      firstSeen: i.firstSeen,
      eventCount: i.eventCount,
    };
  }

  private message(siteId: string, subject: AlertSubject, reason: AlertReason) {
    return alertMessage(subject, reason, {
      taxonomy: this.deps.taxonomy,
      zone: this.siteZone(siteId),
      link: this.link(subject.incidentId),
    });
  }

  /** The zone the site's people read times in: its policy's, else Europe/London. */
  siteZone(siteId: string): string {
    const row = this.deps.stores.policies.current(siteId);
    return timeZoneOfPolicy(row ? JSON.parse(row.body) : null);
  }

  link(incidentId: number): string {
    return `${this.deps.publicUrl.replace(/\/$/, "")}/incidents/${incidentId}`;
  }
}
