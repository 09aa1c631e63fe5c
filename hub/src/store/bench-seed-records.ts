import {
  agentIdSql,
  BENCH_CATEGORIES,
  clientAddressSql,
  isoTimeSql,
  pickSql,
  type ReportDatasetSize,
  seriesSql,
  siteIdSql,
} from "./bench-dataset.ts";
import type { HubDatabase } from "./hub-database.ts";

const SEVERITIES = ["low", "medium", "high", "critical"];
const STATES = ["new", "triaged", "closed", "false-positive", "no-further-action"];

/**
 * Everything of the reports benchmark's dataset but the events, rollups and heartbeats, set-based in
 * SQL both dialects run: sites and their agents, incidents with their records, policy changes.
 * Benchmarks only; the database is fresh (incident ids start at 1).
 */
export function seedRecords(db: HubDatabase, size: ReportDatasetSize): void {
  const sites = size.sites ?? 1;
  const span = size.end - size.start;
  const iso = (ms: string) => isoTimeSql(db, ms);
  db.exec(`${seriesSql(db, sites)} INSERT INTO sites (id, name, created_at)
      SELECT ${siteIdSql("i")}, CASE WHEN i = 0 THEN 'Bench Academy' ELSE 'Bench Academy ' || i END, '2025-01-01T00:00:00.000Z' FROM n;
    ${seriesSql(db, sites)} INSERT INTO agents (id, site_id, name, credential_hash, created_at)
      SELECT ${agentIdSql("i")}, ${siteIdSql("i")}, 'gateway-1', 'x' || i, '2025-01-01' FROM n;`);
  // Incident i: site i % sites, opened at its share of the span, its subject's last look-up an hour on.
  const at = `(${size.start} + (${span} * i) / ${size.incidents})`;
  db.exec(`${seriesSql(db, size.incidents)} INSERT INTO incidents (site_id, client_address, client_group, category,
      auto_severity, severity, state, illegal, opened_at, first_seen, last_seen, event_count)
    SELECT ${siteIdSql(`i % ${sites}`)}, ${clientAddressSql(`(i / ${sites}) % 2000`)}, 'students',
      ${pickSql("i % 9", BENCH_CATEGORIES)}, ${pickSql("i % 4", SEVERITIES)}, ${pickSql("i % 4", SEVERITIES)},
      ${pickSql("i % 5", STATES)}, 0, ${iso(at)}, ${iso(at)}, ${iso(`${at} + 3600000`)}, 1 + i % 20 FROM n`);
  // Each incident's record: raised, triaged; every tenth referred, every fifth (from the third) reviewed.
  db.exec(`INSERT INTO incident_entries (incident_id, at, by_user, kind, body)
    SELECT id, kind_at, by_user, kind, body FROM (
      SELECT id, 0 AS step, first_seen AS kind_at, 'system' AS by_user, 'raised' AS kind,
        '{"severity":"' || auto_severity || '","reason":"bench"}' AS body FROM incidents
      UNION ALL SELECT id, 1, last_seen, 'dsl@bench.test', 'transition', '{"to":"triaged"}' FROM incidents
      UNION ALL SELECT id, 2, last_seen, 'dsl@bench.test', 'referral',
        '{"agency":"police","date":"' || substr(last_seen, 1, 10) || '","reference":"REF-' || (id - 1) || '"}'
        FROM incidents WHERE (id - 1) % 10 = 0
      UNION ALL SELECT id, 3, last_seen, 'dsl@bench.test', 'review', '{"result":"handled","sanctions":"none"}'
        FROM incidents WHERE (id - 1) % 5 = 2) x
    ORDER BY id, step`);
  // Policy change i: site i % sites, its k-th, a week after the one before.
  const changes = size.policyChanges ?? 50 * sites;
  const policy = (n: string) =>
    `'{"defaultGroup":"students","groups":[{"id":"students","kind":"student","allow":["site' || (${n}) || '.example"]}]}'`;
  db.exec(`${seriesSql(db, changes)} INSERT INTO policy_changes (site_id, at, changed_by, reason, old_body, new_body)
    SELECT ${siteIdSql(`i % ${sites}`)}, ${iso(`${size.start} + (i / ${sites}) * ${7 * 86_400_000}`)}, 'ict@bench.test',
      'change ' || (i / ${sites}), CASE WHEN i / ${sites} = 0 THEN NULL ELSE ${policy(`i / ${sites} - 1`)} END,
      ${policy(`i / ${sites}`)} FROM n`);
}

/** The stored event count reports show, written last: a dataset that has it is complete. */
export function markSeeded(db: HubDatabase, size: ReportDatasetSize): void {
  db.prepare("INSERT INTO settings (key, value) VALUES ('events.stored', ?)").run(String(size.events));
}

/** The statement that adds a heartbeat from every agent each `heartbeatMinutes` over the last `heartbeatDays`, report columns filled. */
export function heartbeatsSql(db: HubDatabase, size: ReportDatasetSize): string {
  const sites = size.sites ?? 1;
  const minute = 60_000 * (size.heartbeatMinutes ?? 1);
  const from = size.heartbeatDays ? Math.max(size.start, size.end - size.heartbeatDays * 86_400_000) : size.start;
  const count = Math.floor((size.end - from) / minute) * sites;
  const iso = (ms: string) => isoTimeSql(db, ms);
  const at = `${from} + (i / ${sites}) * ${minute}`;
  // The agent's lists are rebuilt daily: version and build time of the day of the beat.
  const day = `((${at} - ${size.start}) / 86400000)`;
  const dayBefore = `((${at} - ${minute} - ${size.start}) / 86400000)`;
  const builtAt = iso(`${size.start} + ${day} * 86400000`);
  return `${seriesSql(db, count)} INSERT INTO heartbeats (agent_id, received_at, body, lists_built_at, update_at,
      update_ok, update_errors, unhealthy_upstreams, queries, gap_ms, update_changed)
    SELECT agent, received_at, '{"schemaVersion":1,"agentVersion":"bench","uptimeSeconds":' || uptime
        || ',"queries":{"resolved":900,"blocked":40},"outbox":{"depth":0,"dropped":0},'
        || '"upstreams":[{"url":"udp://127.0.0.1:53","healthy":true,"lastError":null}],'
        || '"lists":{"version":"v' || day || '","builtAt":"' || built_at || '","lists":[]},'
        || '"listsUpdate":{"at":"' || built_at || '","ok":true,"version":"v' || day || '","errors":[]}}',
      built_at, built_at, 1, '[]', '[]', '{"resolved":900,"blocked":40}',
      CASE WHEN first THEN NULL ELSE ${minute} END, CASE WHEN first OR day <> day_before THEN 1 ELSE 0 END
    FROM (SELECT i, ${agentIdSql(`i % ${sites}`)} AS agent, ${iso(at)} AS received_at, (${at} - ${size.start}) / 1000 AS uptime,
      ${day} AS day, ${dayBefore} AS day_before, i < ${sites} AS first, ${builtAt} AS built_at FROM n) b`;
}

/** The heartbeats' look-ups per site, hour and outcome (each bench beat counts 900 resolved and 40 blocked). */
export const heartbeatQueriesSql = () => `INSERT INTO rollup_heartbeat_queries (site_id, hour, outcome, lookups)
  SELECT a.site_id, substr(h.received_at, 1, 13), o.outcome, SUM(o.n)
  FROM heartbeats h JOIN agents a ON a.id = h.agent_id,
    (SELECT 'resolved' AS outcome, 900 AS n UNION ALL SELECT 'blocked', 40) o
  GROUP BY 1, 2, 3`;
