import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** What is still to come of an incident's alert: the next people on its route, and when. */
export interface Escalation {
  incidentId: number;
  siteId: string;
  route: string;
  /** Each step's recipients (emails), in the route's order; step 1 is the first alert. */
  steps: string[][];
  /** The step sent next (1-based); past the last, nothing more is sent. */
  nextStep: number;
  /** When the next step is due; null once it ended. */
  dueAt: string | null;
  /** Why it ended: acknowledged, end of route, incident taken up. */
  ended: string | null;
}

export interface Acknowledgement {
  incidentId: number;
  userId: string;
  email: string;
  at: string;
}

/** A medium incident waiting for its site's daily digest. */
export interface QueuedDigestItem {
  incidentId: number;
  siteId: string;
  route: string;
  recipients: string[];
  queuedAt: string;
}

const prepareStatements = (db: HubDatabase) => ({
  startEscalation: db.prepare(
    "INSERT INTO alert_escalations (incident_id, site_id, route, steps, next_step, due_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(incident_id) DO NOTHING",
  ),
  escalation: db.prepare(
    `SELECT incident_id AS "incidentId", site_id AS "siteId", route, steps, next_step AS "nextStep", due_at AS "dueAt", ended FROM alert_escalations WHERE incident_id = ?`,
  ),
  due: db.prepare(
    `SELECT incident_id AS "incidentId", site_id AS "siteId", route, steps, next_step AS "nextStep", due_at AS "dueAt", ended FROM alert_escalations WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT 100`,
  ),
  advance: db.prepare("UPDATE alert_escalations SET next_step = ?, due_at = ? WHERE incident_id = ?"),
  end: db.prepare("UPDATE alert_escalations SET due_at = NULL, ended = ? WHERE incident_id = ? AND ended IS NULL"),
  acknowledge: db.prepare(
    "INSERT INTO alert_acknowledgements (incident_id, user_id, email, at) VALUES (?, ?, ?, ?) ON CONFLICT(incident_id) DO NOTHING",
  ),
  acknowledgement: db.prepare(
    `SELECT incident_id AS "incidentId", user_id AS "userId", email, at FROM alert_acknowledgements WHERE incident_id = ?`,
  ),
  enqueue: db.prepare(
    "INSERT INTO alert_digest_queue (incident_id, site_id, route, recipients, queued_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(incident_id) DO NOTHING",
  ),
  waitingSites: db.prepare("SELECT DISTINCT site_id FROM alert_digest_queue WHERE digest_id IS NULL").pluck(),
  waiting: db.prepare(
    `SELECT incident_id AS "incidentId", site_id AS "siteId", route, recipients, queued_at AS "queuedAt" FROM alert_digest_queue WHERE site_id = ? AND digest_id IS NULL ORDER BY incident_id`,
  ),
  lastDigest: db.prepare("SELECT max(at) FROM alert_digests WHERE site_id = ?").pluck(),
  recordDigest: db
    .prepare(
      "INSERT INTO alert_digests (site_id, at, recipients, incidents, status, error) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .pluck(),
  markDigested: db.prepare("UPDATE alert_digest_queue SET digest_id = ? WHERE incident_id = ?"),
});

type EscalationRow = Omit<Escalation, "steps"> & { steps: string };

/**
 * What follows an alert: its escalation along the route until someone acknowledges it, the
 * acknowledgement, and medium incidents queued for the daily digest, with the digests sent.
 */
export class AlertFollowUpStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Starts an incident's escalation, unless one was started before (a later re-grade keeps the first). */
  startEscalation(e: Omit<Escalation, "ended">): void {
    this.statements.startEscalation.run(e.incidentId, e.siteId, e.route, JSON.stringify(e.steps), e.nextStep, e.dueAt);
  }

  escalation(incidentId: number): Escalation | undefined {
    const row = this.statements.escalation.get(incidentId) as EscalationRow | undefined;
    return row ? { ...row, steps: JSON.parse(row.steps) as string[][] } : undefined;
  }

  /** Escalations whose next step is due at `at`, oldest first. */
  due(at: string): Escalation[] {
    return (this.statements.due.all(at) as EscalationRow[]).map((row) => ({
      ...row,
      steps: JSON.parse(row.steps) as string[][],
    }));
  }

  advance(incidentId: number, nextStep: number, dueAt: string): void {
    this.statements.advance.run(nextStep, dueAt, incidentId);
  }

  endEscalation(incidentId: number, why: string): void {
    this.statements.end.run(why, incidentId);
  }

  /** Records the first acknowledgement of an incident's alert, which ends its escalation; returns whether this one was it. */
  acknowledge(a: Acknowledgement): boolean {
    const first = this.statements.acknowledge.run(a.incidentId, a.userId, a.email, a.at).changes === 1;
    if (first) this.endEscalation(a.incidentId, "acknowledged");
    return first;
  }

  acknowledgement(incidentId: number): Acknowledgement | undefined {
    return this.statements.acknowledgement.get(incidentId) as Acknowledgement | undefined;
  }

  enqueueDigest(item: QueuedDigestItem): void {
    this.statements.enqueue.run(
      item.incidentId,
      item.siteId,
      item.route,
      JSON.stringify(item.recipients),
      item.queuedAt,
    );
  }

  /** Sites with incidents waiting for a digest. */
  sitesWaiting(): string[] {
    return this.statements.waitingSites.all() as string[];
  }

  waiting(siteId: string): QueuedDigestItem[] {
    return (
      this.statements.waiting.all(siteId) as (Omit<QueuedDigestItem, "recipients"> & { recipients: string })[]
    ).map((row) => ({ ...row, recipients: JSON.parse(row.recipients) as string[] }));
  }

  lastDigestAt(siteId: string): string | null {
    return (this.statements.lastDigest.get(siteId) as string | null) ?? null;
  }

  /** Records one digest sent (or failed); the incidents of a sent one leave the queue, a failed one's wait for the next. */
  recordDigest(d: {
    siteId: string;
    at: string;
    recipients: string[];
    incidents: number[];
    status: string;
    error: string | null;
  }): void {
    this.db.transaction(() => {
      const digestId = this.statements.recordDigest.get(
        d.siteId,
        d.at,
        JSON.stringify(d.recipients),
        JSON.stringify(d.incidents),
        d.status,
        d.error,
      );
      if (d.status === "sent") for (const id of d.incidents) this.statements.markDigested.run(digestId, id);
    })();
  }
}
