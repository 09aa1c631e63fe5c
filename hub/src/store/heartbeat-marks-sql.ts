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
 */
export function heartbeatMarksSql(sites: string, offlineSeconds: number): string {
  const silence = Math.max(0, Math.floor(offlineSeconds) - 1) * 1000;
  const inPeriod = "h.received_at >= @from AND h.received_at < @to";
  const end = (order: "ASC" | "DESC") =>
    `(SELECT h.received_at FROM heartbeats h WHERE h.agent_id = a.id AND ${inPeriod} ORDER BY h.received_at ${order} LIMIT 1)`;
  return `WITH own AS (
      SELECT a.id AS agent_id, ${end("ASC")} AS first_at, ${end("DESC")} AS last_at
      FROM agents a WHERE a.site_id IN ${sites}
    ), marked AS (
      SELECT h.agent_id, h.received_at FROM heartbeats h WHERE h.gap_ms > ${silence} AND ${inPeriod}
      UNION SELECT h.agent_id, h.received_at FROM heartbeats h WHERE h.update_changed = 1 AND ${inPeriod}
      UNION SELECT agent_id, first_at FROM own WHERE first_at IS NOT NULL
      UNION SELECT agent_id, last_at FROM own WHERE last_at IS NOT NULL
    )
    SELECT h.agent_id AS "agentId", h.received_at AS at,
      CASE WHEN h.received_at = own.first_at THEN NULL ELSE h.gap_ms END AS "gapMs",
      h.lists_built_at AS "listsBuiltAt", h.update_at AS "updateAt", h.update_ok AS "updateOk",
      h.update_errors AS "updateErrors"
    FROM marked m JOIN own ON own.agent_id = m.agent_id
      JOIN heartbeats h ON h.agent_id = m.agent_id AND h.received_at = m.received_at
    ORDER BY h.agent_id, h.received_at`;
}
