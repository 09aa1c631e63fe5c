/**
 * 23 (reports over thousands of agents): each heartbeat keeps the time since its agent's beat
 * before (`gap_ms`, null for an agent's first) and whether its list update differs from that beat's
 * (`update_changed`), set as it arrives. A report then reads the few beats that mark an agent's
 * health (after a silence, at a new list update, first and last) through indexes, instead of every
 * beat of the period; and the few beats with an unhealthy upstream likewise. Existing beats are
 * filled from their order.
 */
export const STEP_HEARTBEAT_GAPS = `
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
  CREATE INDEX heartbeats_gaps ON heartbeats (gap_ms);
  CREATE INDEX heartbeats_update_changes ON heartbeats (received_at) WHERE update_changed = 1;
  CREATE INDEX heartbeats_unhealthy ON heartbeats (received_at) WHERE unhealthy_upstreams <> '[]';
`;

/** The same step on PostgreSQL (its second). */
export const PG_STEP_HEARTBEAT_GAPS = `
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
  CREATE INDEX heartbeats_gaps ON heartbeats (gap_ms);
  CREATE INDEX heartbeats_update_changes ON heartbeats (received_at) WHERE update_changed = 1;
  CREATE INDEX heartbeats_unhealthy ON heartbeats (received_at) WHERE unhealthy_upstreams <> '[]';
`;
