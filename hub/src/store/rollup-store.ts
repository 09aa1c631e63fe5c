import type Database from "better-sqlite3";
import { primaryCategory } from "../domain/primary-category.ts";
import type { StoredEvent } from "./stored-event.ts";

/** Fills the rollups from the events stored: the migration that introduced them, and benchmarks. */
export const REBUILD_ROLLUPS_SQL = `
  INSERT INTO rollup_events
    SELECT site_id, substr(time, 1, 13), client_group, outcome,
      CASE WHEN outcome IN ('resolved', 'cached') THEN COALESCE(json_extract(monitored, '$[0]'), '')
           ELSE COALESCE(json_extract(categories, '$[0]'), '') END,
      COUNT(*)
    FROM events GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO rollup_names
    SELECT site_id, substr(time, 1, 10), outcome, name,
      MAX(CASE WHEN outcome IN ('resolved', 'cached') THEN COALESCE(json_extract(monitored, '$[0]'), '')
           ELSE COALESCE(json_extract(categories, '$[0]'), '') END),
      COUNT(*)
    FROM events GROUP BY 1, 2, 3, 4;
`;

/** The rollups reports read instead of raw events: kept up to date inside the ingest transaction. */
export class RollupStore {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      events: db.prepare(
        `INSERT INTO rollup_events (site_id, hour, client_group, outcome, category, lookups) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET lookups = lookups + excluded.lookups`,
      ),
      names: db.prepare(
        `INSERT INTO rollup_names (site_id, day, outcome, name, category, lookups) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET lookups = lookups + excluded.lookups`,
      ),
    };
  }

  /** Adds newly stored events to the rollups, one upsert per distinct key of the batch. */
  add(events: readonly StoredEvent[]): void {
    const hours = new Map<string, { key: string[]; n: number }>();
    const names = new Map<string, { key: string[]; n: number }>();
    for (const event of events) {
      const category = primaryCategory(event);
      const hourKey = [event.siteId, event.time.slice(0, 13), event.group, event.outcome, category];
      const h = hourKey.join("\u0000");
      const hour = hours.get(h);
      if (hour) hour.n++;
      else hours.set(h, { key: hourKey, n: 1 });
      const nameKey = [event.siteId, event.time.slice(0, 10), event.outcome, event.name, category];
      const k = nameKey.join("\u0000");
      const name = names.get(k);
      if (name) name.n++;
      else names.set(k, { key: nameKey, n: 1 });
    }
    for (const { key, n } of hours.values()) this.statements.events.run(...key, n);
    for (const { key, n } of names.values()) this.statements.names.run(...key, n);
  }
}
