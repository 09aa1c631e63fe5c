/** The report rollups on PostgreSQL (kept up to date at ingest and heartbeat), equal in meaning to the SQLite tables. */
export const ROLLUPS_SCHEMA = `
CREATE TABLE rollup_events (
  site_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  client_group TEXT NOT NULL,
  outcome TEXT NOT NULL,
  category TEXT NOT NULL,
  lookups BIGINT NOT NULL,
  PRIMARY KEY (site_id, hour, client_group, outcome, category)
);

CREATE TABLE rollup_names (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  outcome TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  lookups BIGINT NOT NULL,
  PRIMARY KEY (site_id, day, outcome, name)
);

CREATE TABLE rollup_queries (
  site_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  client_group TEXT NOT NULL,
  outcome TEXT NOT NULL,
  label TEXT NOT NULL,
  lookups BIGINT NOT NULL,
  PRIMARY KEY (site_id, hour, client_group, outcome, label)
);
`;
