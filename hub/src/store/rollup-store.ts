import { primaryCategory } from "../domain/primary-category.ts";
import type { HubDatabase } from "./hub-database.ts";
import { jsonMember } from "./sql-json.ts";

/** primaryCategory as SQL over a row of events. */
const primaryCategorySql = (db: HubDatabase) => `CASE WHEN outcome IN ('resolved', 'cached')
  THEN COALESCE(${jsonMember(db, "monitored", 0)}, '') ELSE COALESCE(${jsonMember(db, "categories", 0)}, '') END`;

/** Adds a batch's count to a rollup row (the key columns name the row). */
const upsert = (table: string, columns: string, key: string) =>
  `INSERT INTO ${table} (${columns}, lookups) VALUES (?, ?, ?, ?, ?, ?)
   ON CONFLICT (${key}) DO UPDATE SET lookups = ${table}.lookups + excluded.lookups`;

/** What the rollups need of a stored event. */
export type RollupEvent = { siteId: string; time: string; group: string; outcome: string; name: string } & Parameters<
  typeof primaryCategory
>[0];

/** A heartbeat's look-up count for one group, outcome and label. */
export type QueryCount = { group: string; outcome: string; label: string; n: number };

/** The rollups reports read instead of raw events: kept up to date inside the ingest and heartbeat transactions. */
export class RollupStore {
  private readonly statements;
  private readonly db: HubDatabase;

  constructor(db: HubDatabase) {
    this.db = db;
    this.statements = {
      events: db.prepare(
        upsert(
          "rollup_events",
          "site_id, hour, client_group, outcome, category",
          "site_id, hour, client_group, outcome, category",
        ),
      ),
      names: db.prepare(upsert("rollup_names", "site_id, day, outcome, name, category", "site_id, day, outcome, name")),
      queries: db.prepare(
        upsert(
          "rollup_queries",
          "site_id, hour, client_group, outcome, label",
          "site_id, hour, client_group, outcome, label",
        ),
      ),
    };
  }

  /** Adds newly stored events to the rollups, one upsert per distinct key of the batch. */
  add(events: readonly RollupEvent[]): void {
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

  /** Adds a heartbeat's look-up counts to its site's hour. */
  addQueryCounts(siteId: string, hour: string, counts: readonly QueryCount[]): void {
    for (const c of counts) this.statements.queries.run(siteId, hour, c.group, c.outcome, c.label, c.n);
  }

  /** Fills the empty rollups from every stored event, set-based: for events written straight into the table. */
  rebuildFromEvents(): void {
    this.db.exec(rollupsFromSql(this.db, "events"));
  }
}

/**
 * The statements that add the rollups of every row of `source` (the events table, or a table of
 * events like it) to the rollups, set-based; the rollups must not have those hours and days yet.
 */
export function rollupsFromSql(db: HubDatabase, source: string): string {
  const category = primaryCategorySql(db);
  return `
      INSERT INTO rollup_events SELECT site_id, substr(time, 1, 13), client_group, outcome, ${category}, COUNT(*)
        FROM ${source} GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO rollup_names SELECT site_id, substr(time, 1, 10), outcome, name, MAX(${category}), COUNT(*)
        FROM ${source} GROUP BY 1, 2, 3, 4;`;
}
