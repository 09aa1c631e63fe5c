/** The indexes and the look-ups table, alike on both databases but for the count's type and SQLite's table option. */
const INDEXES_AND_TOTALS = (count: "INTEGER" | "BIGINT", tableOption: string) => `
  CREATE INDEX heartbeats_gaps ON heartbeats (gap_ms);
  CREATE INDEX heartbeats_update_changes ON heartbeats (received_at) WHERE update_changed = 1;
  CREATE INDEX heartbeats_unhealthy ON heartbeats (received_at) WHERE unhealthy_upstreams <> '[]';
  CREATE TABLE rollup_heartbeat_queries (
    site_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    outcome TEXT NOT NULL,
    lookups ${count} NOT NULL,
    PRIMARY KEY (site_id, hour, outcome)
  ) ${tableOption};`;

/**
 * 23 (reports over thousands of agents): what reports read of the heartbeats, kept as they
 * arrive instead of read from every beat of the period (a week of 2,000 agents beating each
 * minute is 20 million rows).
 *
 * - Each beat keeps the time since its agent's beat before (`gap_ms`, null for an agent's first)
 *   and whether its list update differs from that beat's (`update_changed`): the beats that mark
 *   an agent's health (after a silence, at a new list update) are read through indexes.
 * - The beats with an unhealthy upstream, likewise.
 * - Each site's look-ups per hour and outcome, as the beats report them (`rollup_heartbeat_queries`).
 *
 * Existing beats are filled from their order, and their look-ups added up.
 */
export const STEP_REPORT_HEARTBEATS = `
  ALTER TABLE heartbeats ADD COLUMN gap_ms INTEGER;
  ALTER TABLE heartbeats ADD COLUMN update_changed INTEGER NOT NULL DEFAULT 0;
  UPDATE heartbeats SET
    gap_ms = CAST(round((julianday(received_at) - julianday(b.prev)) * 86400000) AS INTEGER),
    update_changed = b.update_at IS NOT b.prev_update
  FROM (
    SELECT rowid AS id, update_at, LAG(received_at) OVER w AS prev,
      LAG(update_at) OVER w AS prev_update
    FROM heartbeats WINDOW w AS (PARTITION BY agent_id ORDER BY received_at)
  ) b
  WHERE heartbeats.rowid = b.id;
  ${INDEXES_AND_TOTALS("INTEGER", "WITHOUT ROWID")}
  INSERT INTO rollup_heartbeat_queries (site_id, hour, outcome, lookups)
    SELECT a.site_id, substr(h.received_at, 1, 13), q.key, SUM(q.value)
    FROM heartbeats h JOIN agents a ON a.id = h.agent_id, json_each(h.queries) q
    WHERE h.queries IS NOT NULL GROUP BY 1, 2, 3;
`;

/** The same step on PostgreSQL (its second). */
export const PG_STEP_REPORT_HEARTBEATS = `
  ALTER TABLE heartbeats ADD COLUMN gap_ms BIGINT;
  ALTER TABLE heartbeats ADD COLUMN update_changed INTEGER NOT NULL DEFAULT 0;
  UPDATE heartbeats SET
    gap_ms = round(extract(epoch FROM received_at::timestamptz - b.prev::timestamptz) * 1000),
    update_changed = CASE WHEN b.update_at IS DISTINCT FROM b.prev_update THEN 1 ELSE 0 END
  FROM (
    SELECT id, update_at, LAG(received_at) OVER w AS prev, LAG(update_at) OVER w AS prev_update
    FROM heartbeats WINDOW w AS (PARTITION BY agent_id ORDER BY received_at)
  ) b
  WHERE heartbeats.id = b.id;
  ${INDEXES_AND_TOTALS("BIGINT", "")}
  INSERT INTO rollup_heartbeat_queries (site_id, hour, outcome, lookups)
    SELECT a.site_id, substr(h.received_at, 1, 13), q.key, SUM(q.value::bigint)
    FROM heartbeats h JOIN agents a ON a.id = h.agent_id, jsonb_each_text(h.queries::jsonb) q
    WHERE h.queries IS NOT NULL GROUP BY 1, 2, 3;
`;
