import { bySql, type HubDatabase } from "./hub-database.ts";

/** The beat's columns a mark carries. */
const COLUMNS = `h.agent_id, h.received_at, h.gap_ms, h.lists_built_at, h.update_at, h.update_ok, h.update_errors`;

/**
 * The heartbeats of a period that say something about an agent's health, for the fleet health of
 * reports, instead of every beat (a week of 2,000 agents beating each minute is 20 million rows):
 *
 * - each agent's first and last beat of the period;
 * - every beat that follows a silence longer than the offline threshold (an offline spell ends);
 * - the first beat of each run of beats that carry the same list update (its outcome).
 *
 * Each beat keeps, from its arrival, the silence before it (`gap_ms`) and whether its list update
 * is new (`update_changed`), so the middle two are read through their indexes, and the first and
 * last through the agent's. Each row has `gapMs`, null for the agent's first beat of the period.
 * The silence test runs a second under the threshold, so that the report decides spells itself
 * from exact times. `sites` is a subquery of site ids; parameters: @from, @to.
 *
 * Each part names its index on SQLite, and the agents come first (CROSS JOIN keeps SQLite's order):
 * left to choose, SQLite scanned every beat in the agents' order to merge the parts.
 */
export function heartbeatMarksSql(db: HubDatabase, sites: string, offlineSeconds: number): string {
  const silence = Math.max(0, Math.floor(offlineSeconds) - 1) * 1000;
  const inPeriod = "h.received_at >= @from AND h.received_at < @to";
  const indexed = (index: string) => bySql(db, { sqlite: `INDEXED BY ${index}`, postgres: "" });
  const end = (order: "ASC" | "DESC") =>
    `(SELECT h.received_at FROM heartbeats h WHERE h.agent_id = a.id AND ${inPeriod} ORDER BY h.received_at ${order} LIMIT 1)`;
  const beatAt = (column: string) =>
    `SELECT ${COLUMNS} FROM own CROSS JOIN heartbeats h ${indexed("heartbeats_agent_time")}
     WHERE h.agent_id = own.agent_id AND h.received_at = own.${column}`;
  return `WITH own AS (
      SELECT a.id AS agent_id, ${end("ASC")} AS first_at, ${end("DESC")} AS last_at
      FROM agents a WHERE a.site_id IN ${sites}
    ), marked AS (
      SELECT ${COLUMNS} FROM heartbeats h ${indexed("heartbeats_gaps")} WHERE h.gap_ms > ${silence} AND ${inPeriod}
      UNION ALL
      SELECT ${COLUMNS} FROM heartbeats h ${indexed("heartbeats_update_changes")} WHERE h.update_changed = 1 AND ${inPeriod}
      UNION ALL ${beatAt("first_at")}
      UNION ALL ${beatAt("last_at")}
    )
    SELECT DISTINCT m.agent_id AS "agentId", m.received_at AS at,
      CASE WHEN m.received_at = own.first_at THEN NULL ELSE m.gap_ms END AS "gapMs",
      m.lists_built_at AS "listsBuiltAt", m.update_at AS "updateAt", m.update_ok AS "updateOk",
      m.update_errors AS "updateErrors"
    FROM marked m JOIN own ON own.agent_id = m.agent_id
    ORDER BY "agentId", at`;
}
