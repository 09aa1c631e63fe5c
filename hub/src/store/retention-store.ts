import { TERMINAL_STATES_SQL } from "../domain/incident-workflow.ts";
import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

const prepareStatements = (db: HubDatabase) => ({
  // Raw events go, except those an incident holds as evidence or as context (its window either side).
  events: db.prepare(
    `DELETE FROM events AS e WHERE e.time < @before
      AND (e.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents k WHERE k.id = e.incident_id))
      AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.site_id = e.site_id AND i.client_address = e.client_address
        AND e.time BETWEEN strftime('%Y-%m-%dT%H:%M:%fZ', i.first_seen, @span)
                       AND strftime('%Y-%m-%dT%H:%M:%fZ', i.last_seen, @spanAfter))`,
  ),
  heartbeats: db.prepare("DELETE FROM heartbeats WHERE received_at < ?"),
  rollupHours: db.prepare("DELETE FROM rollup_events WHERE hour < ?"),
  rollupNames: db.prepare("DELETE FROM rollup_names WHERE day < ?"),
  rollupQueries: db.prepare("DELETE FROM rollup_queries WHERE hour < ?"),
  oldIncidents: db
    .prepare(
      `SELECT id FROM incidents i WHERE state IN ${TERMINAL_STATES_SQL} AND last_seen < @before
        AND NOT EXISTS (SELECT 1 FROM incident_entries x WHERE x.incident_id = i.id AND x.at >= @before)`,
    )
    .pluck(),
  incidentAlerts: db.prepare("DELETE FROM alerts WHERE incident_id = ?"),
  incidentEntries: db.prepare("DELETE FROM incident_entries WHERE incident_id = ?"),
  incidentAttachments: db.prepare("DELETE FROM attachments WHERE incident_id = ?"),
  // A sanction outlives the incident it answered (it stays in the person's record and the change log).
  incidentSanctions: db.prepare("UPDATE person_sanctions SET incident_id = NULL WHERE incident_id = ?"),
  incident: db.prepare("DELETE FROM incidents WHERE id = ?"),
  sessions: db.prepare("DELETE FROM sessions WHERE expires_at < ?"),
});

/** Deleting what is past its retention period, class by class. */
export class RetentionStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  purgeEvents(before: string, contextMinutes: number): number {
    return this.statements.events.run({
      before,
      span: `-${contextMinutes} minutes`,
      spanAfter: `+${contextMinutes} minutes`,
    }).changes;
  }

  /** Aggregates: heartbeats and the report rollups. */
  purgeAggregates(before: string): number {
    return (
      this.statements.heartbeats.run(before).changes +
      this.statements.rollupHours.run(before.slice(0, 13)).changes +
      this.statements.rollupNames.run(before.slice(0, 10)).changes +
      this.statements.rollupQueries.run(before.slice(0, 13)).changes
    );
  }

  /** Closed incidents untouched since `before`, with their record, alerts and attachment rows; their events go with the raw events. */
  purgeIncidents(before: string): number {
    return this.db.transaction(() => {
      const ids = this.statements.oldIncidents.all({ before }) as number[];
      for (const id of ids) {
        this.statements.incidentAlerts.run(id);
        this.statements.incidentEntries.run(id);
        this.statements.incidentAttachments.run(id);
        this.statements.incidentSanctions.run(id);
        this.statements.incident.run(id);
      }
      return ids.length;
    })();
  }

  purgeSessions(now: string): number {
    return this.statements.sessions.run(now).changes;
  }
}
