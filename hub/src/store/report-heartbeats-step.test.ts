import { afterEach, describe, expect, it } from "vitest";
import { openDatabaseBeforeStep } from "../testing/test-stores.ts";

let step: ReturnType<typeof openDatabaseBeforeStep> | undefined;
afterEach(() => step?.close());

/** Two agents' beats before the step: agent-1 silent for ten minutes, then with a new list update. */
const BEATS: [agent: string, at: string, updateAt: string | null][] = [
  ["agent-1", "2026-11-23T10:00:00.000Z", null],
  ["agent-1", "2026-11-23T10:01:00.500Z", "2026-11-23T09:00:00.000Z"],
  ["agent-2", "2026-11-23T10:01:30.000Z", null],
  ["agent-1", "2026-11-23T10:02:00.000Z", "2026-11-23T09:00:00.000Z"],
  ["agent-1", "2026-11-23T10:12:00.000Z", "2026-11-23T10:05:00.000Z"],
];

describe("schema step 23 (what reports read of heartbeats)", () => {
  it("gives each beat kept from before the time since its agent's beat before, whether its list update is new, and adds up their look-ups", () => {
    step = openDatabaseBeforeStep({ sqlite: 22, postgres: 1 });
    const { db } = step;
    db.exec(`INSERT INTO sites (id, name, created_at) VALUES ('school-a', 'Hillside', '2025-09-01T00:00:00.000Z');
      INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES
        ('agent-1', 'school-a', 'gw-1', 'h1', '2025-09-01T00:00:00.000Z'),
        ('agent-2', 'school-a', 'gw-2', 'h2', '2025-09-01T00:00:00.000Z');`);
    const insert = db.prepare(
      `INSERT INTO heartbeats (agent_id, received_at, body, update_at, queries)
       VALUES (?, ?, '{}', ?, '{"resolved":10,"blocked":2}')`,
    );
    for (const [agent, at, updateAt] of BEATS) insert.run(agent, at, updateAt);
    step.migrateToNewest();
    const rows = db
      .prepare(
        "SELECT agent_id AS agent, gap_ms AS gap, update_changed AS changed FROM heartbeats ORDER BY received_at",
      )
      .all() as { agent: string; gap: number | string | null; changed: number | string }[];
    expect(rows.map(({ agent, gap, changed }) => [agent, gap === null ? null : Number(gap), Number(changed)])).toEqual([
      ["agent-1", null, 0],
      ["agent-1", 60_500, 1],
      ["agent-2", null, 0],
      ["agent-1", 59_500, 0],
      ["agent-1", 600_000, 1],
    ]);
    // The look-ups the beats counted, per site, hour and outcome.
    const totals = db
      .prepare("SELECT site_id AS site, hour, outcome, lookups FROM rollup_heartbeat_queries ORDER BY outcome")
      .all()
      .map((r) => Object.values(r as object).map((v) => (typeof v === "string" ? v : Number(v))));
    expect(totals).toEqual([
      ["school-a", "2026-11-23T10", "blocked", 10],
      ["school-a", "2026-11-23T10", "resolved", 50],
    ]);
  });
});
