import { bySql, type HubDatabase } from "./hub-database.ts";

/**
 * The shape of the reports benchmark's dataset, as SQL expressions both dialects run: which site,
 * client, group, outcome, category and name the i-th event has, and the sites, incidents, records,
 * heartbeats and policy changes beside the events. Benchmarks only.
 *
 * Event i belongs to site i % sites and is that site's k-th event (k = i / sites), so every site
 * gets every group, outcome and category whatever the number of sites; with one site, k = i.
 */
export interface ReportDatasetSize {
  events: number;
  incidents: number;
  /** Sites, each with one agent (default 1: the site "bench" with "agent-1"). */
  sites?: number;
  /** Distinct names each site looks up (default 50,000). */
  names?: number;
  /** Policy changes over all sites (default 50 a site, a week apart). */
  policyChanges?: number;
  /** A heartbeat every this many minutes from each agent (default 1)... */
  heartbeatMinutes?: number;
  /** ...over the last this many days (default the whole span). */
  heartbeatDays?: number;
  /** Epoch milliseconds the span of activity starts and ends. */
  start: number;
  end: number;
}

export const BENCH_CATEGORIES = [
  "adult",
  "self-harm",
  "gambling",
  "games",
  "social-networks",
  "hate",
  "drugs",
  "vpn",
  "streaming",
] as const;

/** The id of site number `n` (an SQL expression): "bench" for the first, as the one-site dataset has. */
export const siteIdSql = (n: string) => `CASE WHEN ${n} = 0 THEN 'bench' ELSE 'bench-' || (${n}) END`;
export const agentIdSql = (n: string) => `'agent-' || ((${n}) + 1)`;

/** An ISO time (as the hub writes them) of an SQL expression in epoch milliseconds. */
export const isoTimeSql = (db: HubDatabase, ms: string) =>
  bySql(db, {
    sqlite: `strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`,
    postgres: `to_char(TIMESTAMP '1970-01-01' + (${ms}) * INTERVAL '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  });

/** `WITH n(i)`: the integers [0, count) (SQLite has no generate_series built in). */
export const seriesSql = (db: HubDatabase, count: number, from = 0) =>
  bySql(db, {
    sqlite: `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${from + count - 1})`,
    postgres: `WITH n(i) AS (SELECT generate_series(${from}::bigint, ${from + count - 1}))`,
  });

/** An SQL CASE picking `values[index]`. */
export const pickSql = (index: string, values: readonly string[]) =>
  `CASE ${index} ${values.map((v, n) => `WHEN ${n} THEN '${v}'`).join(" ")} END`;

/** A client address of client number `c` (0..1999) of a site. */
export const clientAddressSql = (c: string) => `'10.0.' || ((${c}) / 256) || '.' || ((${c}) % 256)`;

/**
 * The columns of events (as `EVENT_COLUMNS` lists them) of event `i`, whose time is `time` (an ISO
 * string expression); `id` is the event's id expression.
 */
export function eventValuesSql(size: ReportDatasetSize, id: string, time: string): string {
  const sites = size.sites ?? 1;
  const names = size.names ?? 50_000;
  const k = `(i / ${sites})`;
  return `${id}, ${siteIdSql(`i % ${sites}`)}, ${agentIdSql(`i % ${sites}`)}, ${time},
      ${clientAddressSql(`${k} % 2000`)},
      ${pickSql(`${k} % 3`, ["students", "staff", "guests"])}, NULL, NULL,
      'n' || (${k} % ${names}) || '.example', 1,
      CASE WHEN ${k} % 10 < 7 THEN 'blocked' WHEN ${k} % 10 < 8 THEN 'circumvention' WHEN ${k} % 10 < 9 THEN 'safesearch' ELSE 'resolved' END,
      CASE WHEN ${k} % 10 < 9 THEN '["' || ${pickSql(`${k} % 9`, BENCH_CATEGORIES)} || '"]' ELSE '[]' END,
      CASE WHEN ${k} % 10 = 9 THEN '["dating"]' ELSE '[]' END,
      'bench', 'v1', NULL, 0, ${time}`;
}

export const EVENT_COLUMNS = `id, site_id, agent_id, time, client_address, client_group, hostname, mac, name, qtype, outcome,
      categories, monitored, list, list_version, rule, locked, received_at`;
