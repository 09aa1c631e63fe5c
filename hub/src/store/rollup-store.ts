import { primaryCategory } from "../domain/primary-category.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import { jsonMember } from "./sql-json.ts";

/** primaryCategory as SQL over a row of events. */
const primaryCategorySql = (db: HubDatabase) => `CASE WHEN outcome IN ('resolved', 'cached')
  THEN COALESCE(${jsonMember(db, "monitored", 0)}, '') ELSE COALESCE(${jsonMember(db, "categories", 0)}, '') END`;

/** Adds a batch's count to a rollup row (the key columns name the row). */
const upsert = (table: string, columns: string, key: string) =>
  `INSERT INTO ${table} (${columns}, lookups) VALUES (?, ?, ?, ?, ?, ?)
   ON CONFLICT (${key}) DO UPDATE SET lookups = ${table}.lookups + excluded.lookups`;

/** PostgreSQL: a batch's rollup rows, from one parameter, a JSON array of [five key columns, count]. */
const ROWS_FROM_JSON = `SELECT r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::bigint FROM jsonb_array_elements(?::jsonb) AS j(r)`;

/**
 * PostgreSQL: a batch's counts for one rollup in one upsert (a round trip each), the rows read
 * from a JSON array of [key columns..., count]. Each key must come once: an upsert may not touch
 * one row twice in a statement.
 */
const upsertAll = (table: string, columns: string, key: string) =>
  `INSERT INTO ${table} (${columns}, lookups) ${ROWS_FROM_JSON}
   ON CONFLICT (${key}) DO UPDATE SET lookups = ${table}.lookups + excluded.lookups`;

/** What the rollups need of a stored event. */
export type RollupEvent = { siteId: string; time: string; group: string; outcome: string; name: string } & Parameters<
  typeof primaryCategory
>[0];

const HOUR_COLUMNS = "site_id, hour, client_group, outcome, category";
const MONTH_COLUMNS = "site_id, month, client_group, outcome, category";
const NAME_COLUMNS = "site_id, day, outcome, name, category";
const NAME_KEY = "site_id, day, outcome, name";

/** PostgreSQL: a batch's counts of names, appended to the counts waiting to be folded (step 12). */
const APPEND_PENDING_NAMES = `INSERT INTO rollup_names_pending (${NAME_COLUMNS}, lookups) ${ROWS_FROM_JSON}`;

/**
 * PostgreSQL: every pending count of names added to its row, in one statement. The delete takes
 * the rows committed when it starts (a batch stored meanwhile waits for the next fold) and locks
 * them, so two folds never add one count twice. A new row keeps its first batch's category (the
 * lowest id's: found by a join, which costs half what an ordered aggregate of each name does).
 */
const FOLD_PENDING_NAMES = `WITH moved AS (DELETE FROM rollup_names_pending RETURNING *),
  totals AS (SELECT ${NAME_KEY}, MIN(id) AS first, SUM(lookups) AS lookups FROM moved GROUP BY ${NAME_KEY})
  INSERT INTO rollup_names (${NAME_COLUMNS}, lookups)
  SELECT t.site_id, t.day, t.outcome, t.name, m.category, t.lookups FROM totals t JOIN moved m ON m.id = t.first
  ON CONFLICT (${NAME_KEY}) DO UPDATE SET lookups = rollup_names.lookups + excluded.lookups`;

/**
 * The names rollup as queries read it (`FROM ${namesRollup(db)}`): on PostgreSQL its rows and the
 * counts still pending, each query's conditions applied to both (a name then has several rows to
 * sum). A pending count reads under the category its fold will keep: its row's, or else the first
 * pending count's, so that folding changes no report.
 */
export function namesRollup(db: HubDatabase): string {
  return bySql(db, {
    sqlite: "rollup_names",
    postgres: `(SELECT ${NAME_COLUMNS}, lookups FROM rollup_names
      UNION ALL SELECT site_id, day, outcome, name,
        COALESCE(
          (SELECT r.category FROM rollup_names r
            WHERE r.site_id = p.site_id AND r.day = p.day AND r.outcome = p.outcome AND r.name = p.name),
          first_value(category) OVER (PARTITION BY ${NAME_KEY} ORDER BY id)),
        lookups
      FROM rollup_names_pending p) AS rollup_names`,
  });
}

/** A heartbeat's look-up count for one group, outcome and label. */
export type QueryCount = { group: string; outcome: string; label: string; n: number };

/** The rollups reports read instead of raw events: kept up to date inside the ingest and heartbeat transactions. */
export class RollupStore {
  private readonly statements;
  private readonly batched;
  private readonly foldNames;
  private readonly db: HubDatabase;

  constructor(db: HubDatabase) {
    this.db = db;
    const postgres = db.dialect === "postgres";
    this.batched = postgres
      ? {
          events: db.prepare(upsertAll("rollup_events", HOUR_COLUMNS, HOUR_COLUMNS)),
          months: db.prepare(upsertAll("rollup_months", MONTH_COLUMNS, MONTH_COLUMNS)),
          names: db.prepare(APPEND_PENDING_NAMES),
        }
      : null;
    this.foldNames = postgres ? db.prepare(FOLD_PENDING_NAMES) : null;
    this.statements = {
      events: db.prepare(upsert("rollup_events", HOUR_COLUMNS, HOUR_COLUMNS)),
      months: db.prepare(upsert("rollup_months", MONTH_COLUMNS, MONTH_COLUMNS)),
      names: db.prepare(upsert("rollup_names", NAME_COLUMNS, NAME_KEY)),
      queries: db.prepare(
        upsert(
          "rollup_queries",
          "site_id, hour, client_group, outcome, label",
          "site_id, hour, client_group, outcome, label",
        ),
      ),
      heartbeatQueries: db.prepare(
        `INSERT INTO rollup_heartbeat_queries (site_id, hour, outcome, lookups)
         ${bySql(db, {
           sqlite: `SELECT a.site_id, ?, q.key, q.value FROM heartbeats h JOIN agents a ON a.id = h.agent_id,
             json_each(h.queries) q WHERE h.rowid = ?`,
           postgres: `SELECT a.site_id, ?, q.key, q.value::bigint FROM heartbeats h JOIN agents a ON a.id = h.agent_id,
             jsonb_each_text(h.queries::jsonb) q WHERE h.id = ?`,
         })}
         ON CONFLICT (site_id, hour, outcome) DO UPDATE SET lookups = rollup_heartbeat_queries.lookups + excluded.lookups`,
      ),
    };
  }

  /**
   * Adds newly stored events to the rollups: one upsert per distinct key of the batch on SQLite,
   * one per rollup on PostgreSQL, where the names' counts are left pending for `foldPendingNames`.
   * A name's row keeps the category it was first counted under.
   */
  add(events: readonly RollupEvent[]): void {
    const hours = new Map<string, { key: string[]; n: number }>();
    const months = new Map<string, { key: string[]; n: number }>();
    const names = new Map<string, { key: string[]; n: number }>();
    for (const event of events) {
      const category = primaryCategory(event);
      count(hours, [event.siteId, event.time.slice(0, 13), event.group, event.outcome, category]);
      count(months, [event.siteId, event.time.slice(0, 7), event.group, event.outcome, category]);
      count(names, [event.siteId, event.time.slice(0, 10), event.outcome, event.name], category);
    }
    const rollups = [
      ["events", hours],
      ["months", months],
      ["names", names],
    ] as const;
    for (const [rollup, rows] of rollups) {
      if (rows.size === 0) continue;
      if (this.batched) this.batched[rollup].run(rowsJson(rows));
      else for (const { key, n } of rows.values()) this.statements[rollup].run(...key, n);
    }
  }

  /**
   * Adds the names' counts batches left pending (PostgreSQL) to their rows; returns how many rows
   * it wrote. Reports read pending counts too: folding changes no report, only how fast ingest runs.
   */
  foldPendingNames(): number {
    return this.foldNames?.run().changes ?? 0;
  }

  /** Adds a heartbeat's look-up counts to its site's hour. */
  addQueryCounts(siteId: string, hour: string, counts: readonly QueryCount[]): void {
    for (const c of counts) this.statements.queries.run(siteId, hour, c.group, c.outcome, c.label, c.n);
  }

  /** Adds a stored heartbeat's look-ups per outcome (its `queries`) to its agent's site's hour. */
  addHeartbeatQueries(hour: string, heartbeatId: number | bigint): void {
    this.statements.heartbeatQueries.run(hour, heartbeatId);
  }

  /** Fills the empty rollups from every stored event, set-based: for events written straight into the table. */
  rebuildFromEvents(): void {
    this.db.exec(rollupsFromSql(this.db, "events"));
  }
}

/** Counts one event under the row `key` names; `rest` (a name's category) is the first event's. */
function count(rows: Map<string, { key: string[]; n: number }>, key: string[], rest?: string): void {
  const k = key.join("\u0000");
  const row = rows.get(k);
  if (row) row.n++;
  else rows.set(k, { key: rest === undefined ? key : [...key, rest], n: 1 });
}

/** A batch's rows as the JSON array the batched upsert reads. */
function rowsJson(rows: Map<string, { key: string[]; n: number }>): string {
  return JSON.stringify([...rows.values()].map(({ key, n }) => [...key, n]));
}

/**
 * The statements that add the rollups of every row of `source` (the events table, or a table of
 * events like it) to the rollups, set-based; the rollups must not have those hours, months and days yet.
 * Rows are written hour by hour (day by day), as ingest writes them, so that a table built this
 * way lies on disk as a hub's own would: a week's rows together, not spread over its month.
 */
export function rollupsFromSql(db: HubDatabase, source: string): string {
  const category = primaryCategorySql(db);
  return `
      INSERT INTO rollup_events SELECT site_id, substr(time, 1, 13), client_group, outcome, ${category}, COUNT(*)
        FROM ${source} GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1;
      INSERT INTO rollup_months SELECT site_id, substr(time, 1, 7), client_group, outcome, ${category}, COUNT(*)
        FROM ${source} GROUP BY 1, 2, 3, 4, 5;
      INSERT INTO rollup_names SELECT site_id, substr(time, 1, 10), outcome, name, MAX(${category}), COUNT(*)
        FROM ${source} GROUP BY 1, 2, 3, 4 ORDER BY 2, 1;`;
}
