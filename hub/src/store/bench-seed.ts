import { HEARTBEAT_COLUMNS_FROM_BODY } from "./heartbeat-columns.ts";
import { openDatabase } from "./open-database.ts";
import { RollupStore } from "./rollup-store.ts";

/**
 * The reports benchmark's dataset, written straight into the tables with set-based SQL: ten
 * million events through the ingest path would take hours. Benchmarks only.
 */
export interface ReportDatasetSize {
  events: number;
  incidents: number;
  /** Epoch milliseconds the year of activity starts and ends. */
  start: number;
  end: number;
}

export function seedReportDataset(path: string, size: ReportDatasetSize): void {
  const { events: EVENTS, incidents: INCIDENTS, start: START, end: END } = size;
  const db = openDatabase(path);
  const t0 = performance.now();
  db.exec(`INSERT INTO sites VALUES ('bench', 'Bench Academy', '2025-01-01T00:00:00.000Z');
    INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES ('agent-1', 'bench', 'gateway-1', 'x', '2025-01-01');`);
  const cats = JSON.stringify([
    "adult",
    "self-harm",
    "gambling",
    "games",
    "social-networks",
    "hate",
    "drugs",
    "vpn",
    "streaming",
  ]);
  const insert = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < @to - 1)
    INSERT INTO events (id, site_id, agent_id, time, client_address, client_group, hostname, mac, name, qtype, outcome,
      categories, monitored, list, list_version, rule, locked, received_at)
    SELECT printf('e%010d', i), 'bench', 'agent-1',
      strftime('%Y-%m-%dT%H:%M:%fZ', @start + i * @step, 'unixepoch'),
      '10.0.' || ((i % 2000) / 256) || '.' || (i % 256),
      CASE i % 3 WHEN 0 THEN 'students' WHEN 1 THEN 'staff' ELSE 'guests' END, NULL, NULL,
      'n' || (i % 50000) || '.example', 1,
      CASE WHEN i % 10 < 7 THEN 'blocked' WHEN i % 10 < 8 THEN 'circumvention' WHEN i % 10 < 9 THEN 'safesearch' ELSE 'resolved' END,
      CASE WHEN i % 10 < 9 THEN json_array(json_extract(@cats, '$[' || (i % 9) || ']')) ELSE '[]' END,
      CASE WHEN i % 10 = 9 THEN '["dating"]' ELSE '[]' END,
      'bench', 'v1', NULL, 0, strftime('%Y-%m-%dT%H:%M:%fZ', @start + i * @step, 'unixepoch')
    FROM n`);
  const chunk = 1_000_000;
  for (let from = 0; from < EVENTS; from += chunk) {
    db.transaction(() =>
      insert.run({
        from,
        to: Math.min(EVENTS, from + chunk),
        start: START / 1000,
        step: (END - START) / 1000 / EVENTS,
        cats,
      }),
    )();
    process.stdout.write(`  events: ${Math.min(EVENTS, from + chunk).toLocaleString()}\r`);
  }
  console.log(`\n  events seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s; building rollups...`);
  new RollupStore(db).rebuildFromEvents();
  db.exec(`INSERT INTO settings VALUES ('events.stored', '${EVENTS}')`);
  db.transaction(() => {
    const incident = db.prepare(`INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity,
      severity, state, illegal, opened_at, first_seen, last_seen, event_count) VALUES ('bench', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`);
    const entry = db.prepare(
      "INSERT INTO incident_entries (incident_id, at, by_user, kind, body) VALUES (?, ?, ?, ?, ?)",
    );
    const severities = ["low", "medium", "high", "critical"];
    const states = ["new", "triaged", "closed", "false-positive", "no-further-action"];
    for (let i = 0; i < INCIDENTS; i++) {
      const at = new Date(START + ((END - START) * i) / INCIDENTS).toISOString();
      const later = new Date(Date.parse(at) + 3_600_000).toISOString();
      const id = Number(
        incident.run(
          `10.0.${(i % 2000) >> 8}.${i % 256}`,
          "students",
          JSON.parse(cats)[i % 9],
          severities[i % 4],
          severities[i % 4],
          states[i % 5],
          at,
          at,
          later,
          1 + (i % 20),
        ).lastInsertRowid,
      );
      entry.run(id, at, "system", "raised", JSON.stringify({ severity: severities[i % 4], reason: "bench" }));
      entry.run(id, later, "dsl@bench.test", "transition", JSON.stringify({ to: "triaged" }));
      if (i % 10 === 0)
        entry.run(
          id,
          later,
          "dsl@bench.test",
          "referral",
          JSON.stringify({ agency: "police", date: later.slice(0, 10), reference: `REF-${i}` }),
        );
      if (i % 5 === 2)
        entry.run(id, later, "dsl@bench.test", "review", JSON.stringify({ result: "handled", sanctions: "none" }));
    }
  })();
  db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(@count AS INTEGER) - 1)
    INSERT INTO heartbeats (agent_id, received_at, body)
    SELECT 'agent-1', strftime('%Y-%m-%dT%H:%M:%fZ', @start + i * 60, 'unixepoch'),
      json_object('schemaVersion', 1, 'agentVersion', 'bench', 'uptimeSeconds', i * 60, 'queries', json_object('resolved', 900, 'blocked', 40),
        'outbox', json_object('depth', 0, 'dropped', 0),
        'upstreams', json_array(json_object('url', 'udp://127.0.0.1:53', 'healthy', json('true'), 'lastError', NULL)),
        'lists', json_object('version', 'v' || (i / 1440), 'builtAt', strftime('%Y-%m-%dT%H:%M:%fZ', @start + (i / 1440) * 86400, 'unixepoch'), 'lists', json_array()),
        'listsUpdate', json_object('at', strftime('%Y-%m-%dT%H:%M:%fZ', @start + (i / 1440) * 86400, 'unixepoch'), 'ok', json('true'), 'version', 'v' || (i / 1440), 'errors', json_array()))
    FROM n`).run({ count: Math.floor((END - START) / 60_000), start: START / 1000 });
  db.exec(`UPDATE heartbeats SET ${HEARTBEAT_COLUMNS_FROM_BODY}`);
  const change = db.prepare(
    "INSERT INTO policy_changes (site_id, at, changed_by, reason, old_body, new_body) VALUES ('bench', ?, 'ict@bench.test', ?, ?, ?)",
  );
  const policy = (n: number) =>
    JSON.stringify({
      defaultGroup: "students",
      groups: [{ id: "students", kind: "student", allow: [`site${n}.example`] }],
    });
  for (let i = 0; i < 50; i++)
    change.run(new Date(START + i * 7 * 86_400_000).toISOString(), `change ${i}`, i ? policy(i - 1) : null, policy(i));
  console.log(`  dataset built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  db.close();
}
