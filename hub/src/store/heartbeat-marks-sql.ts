import { bySql, type HubDatabase } from "./hub-database.ts";

/**
 * The heartbeats of a period that say something about an agent's health, for the fleet health of
 * reports, instead of every beat (a week of 2,000 agents beating each minute is 20 million rows):
 *
 * - each agent's first and last beat of the period;
 * - every beat that follows a silence longer than the offline threshold (an offline spell ends);
 * - the last beat of each run of beats that carry the same list update (its outcome as last seen).
 *
 * Each row has the beat before it (`prev`, null for the first) and the agent's number of beats. The
 * silence test runs a second under the threshold, so that the report decides spells itself from
 * exact times and no spell is missed by the dialects' date arithmetic.
 * `sites` is a subquery of site ids; parameters: @from, @to, @offlineSeconds.
 */
export function heartbeatMarksSql(db: HubDatabase, sites: string): string {
  const longSilence = bySql(db, {
    sqlite: "(julianday(at) - julianday(prev)) * 86400 > @offlineSeconds - 1",
    postgres: "at::timestamptz - prev::timestamptz > make_interval(secs => @offlineSeconds - 1)",
  });
  const updateChanges = bySql(db, {
    sqlite: `"updateAt" IS NOT "nextUpdateAt"`,
    postgres: `"updateAt" IS DISTINCT FROM "nextUpdateAt"`,
  });
  return `SELECT "agentId", at, prev, beats, "listsBuiltAt", "updateAt", "updateOk", "updateErrors" FROM (
      SELECT h.agent_id AS "agentId", h.received_at AS at, h.lists_built_at AS "listsBuiltAt", h.update_at AS "updateAt",
        h.update_ok AS "updateOk", h.update_errors AS "updateErrors",
        LAG(h.received_at) OVER w AS prev, LEAD(h.received_at) OVER w AS next,
        LEAD(h.update_at) OVER w AS "nextUpdateAt", COUNT(*) OVER (PARTITION BY h.agent_id) AS beats
      FROM heartbeats h JOIN agents a ON a.id = h.agent_id
      WHERE a.site_id IN ${sites} AND h.received_at >= @from AND h.received_at < @to
      WINDOW w AS (PARTITION BY h.agent_id ORDER BY h.received_at)
    ) b
    WHERE prev IS NULL OR next IS NULL OR ${updateChanges} OR ${longSilence}
    ORDER BY "agentId", at`;
}
