import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

export interface AlertRecord {
  id: number;
  incidentId: number;
  at: string;
  channel: string;
  recipients: string[];
  status: string;
  error: string | null;
  suppressed: number;
  /** Its step on its route: 1 for the first recipients, 2 for the next after an unacknowledged wait... */
  step: number;
  /** The route it followed (its name); null for alerts sent before routes. */
  route: string | null;
}

/** An alert to record: the step is 1 and the route unnamed unless given. */
export type NewAlert = Omit<AlertRecord, "id" | "step" | "route"> & Partial<Pick<AlertRecord, "step" | "route">>;

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(
    "INSERT INTO alerts (incident_id, at, channel, recipients, status, error, suppressed, step, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ),
  forIncident: db.prepare(
    `SELECT id, incident_id AS "incidentId", at, channel, recipients, status, error, suppressed, step, route FROM alerts WHERE incident_id = ? ORDER BY id`,
  ),
  throttle: db.prepare(`SELECT last_sent_at AS "lastSentAt", suppressed FROM alert_throttle WHERE key = ?`),
  sent: db.prepare(
    "INSERT INTO alert_throttle (key, last_sent_at, suppressed) VALUES (?, ?, 0) ON CONFLICT(key) DO UPDATE SET last_sent_at = excluded.last_sent_at, suppressed = 0",
  ),
  suppress: db.prepare("UPDATE alert_throttle SET suppressed = suppressed + 1 WHERE key = ?"),
  settings: db.prepare("SELECT body FROM site_alerting WHERE site_id = ?").pluck(),
  setSettings: db.prepare(
    "INSERT INTO site_alerting (site_id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT(site_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
  ),
});

/** Alerts sent (or failed), the per-client throttle, and each site's alerting settings. */
export class AlertStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  record(alert: NewAlert): void {
    this.statements.insert.run(
      alert.incidentId,
      alert.at,
      alert.channel,
      JSON.stringify(alert.recipients),
      alert.status,
      alert.error,
      alert.suppressed,
      alert.step ?? 1,
      alert.route ?? null,
    );
  }

  forIncident(incidentId: number): AlertRecord[] {
    return (
      this.statements.forIncident.all(incidentId) as (Omit<AlertRecord, "recipients"> & { recipients: string })[]
    ).map((row) => ({ ...row, recipients: JSON.parse(row.recipients) as string[] }));
  }

  throttle(key: string): { lastSentAt: string; suppressed: number } | undefined {
    return this.statements.throttle.get(key) as { lastSentAt: string; suppressed: number } | undefined;
  }

  markSent(key: string, at: string): void {
    this.statements.sent.run(key, at);
  }

  markSuppressed(key: string): void {
    this.statements.suppress.run(key);
  }

  settings(siteId: string): unknown {
    const body = this.statements.settings.get(siteId) as string | undefined;
    return body === undefined ? null : JSON.parse(body);
  }

  setSettings(siteId: string, body: unknown, at: string): void {
    this.statements.setSettings.run(siteId, JSON.stringify(body), at);
  }
}
