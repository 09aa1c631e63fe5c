/**
 * The events table on PostgreSQL: the SQLite table's columns, partitioned by calendar month on the
 * event time so that retention drops whole months instead of deleting row by row.
 *
 * - The key is (id, time): a partitioned table's key must hold the partition column, and an agent
 *   re-sends an event with the same id and time, so a re-send still conflicts with the stored one.
 *   Its index also finds an event by id alone (the store's dedupe by id, as on SQLite).
 * - `time` compares byte-wise (COLLATE "C"), as SQLite compares the ISO-8601 strings.
 * - Partitions are named `events_YYYY_MM` and hold [`YYYY-MM`, next month); `events_ensure_month`
 *   creates one. `events_kept` (the default partition) holds what retention keeps of a month it
 *   dropped: events an incident holds as evidence or as context.
 * - The evidence triggers of SQLite are row triggers here; dropping a partition fires none, so the
 *   retention store copies a month's kept events into `events_kept` before it drops the month.
 * References: sites(id), agents(id) (another group's tables).
 */
/**
 * The function that creates a month's partition, as step 1 made it and as step 8 restates it with
 * the creation lock (`lock`, SQL run once the month is found missing). Released steps keep their text.
 */
export function ensureMonthFunction(create: "CREATE" | "CREATE OR REPLACE", lock: string, raced: string): string {
  return `${create} FUNCTION events_ensure_month(month TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day DATE := to_date(substr(month, 1, 7), 'YYYY-MM');
  start TEXT := to_char(first_day, 'YYYY-MM');
  finish TEXT := to_char(first_day + INTERVAL '1 month', 'YYYY-MM');
  partition TEXT := 'events_' || to_char(first_day, 'YYYY_MM');
BEGIN
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;${lock}
  IF EXISTS (SELECT 1 FROM events_kept WHERE time >= start AND time < finish) THEN RETURN; END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', partition, start, finish);
  EXCEPTION WHEN duplicate_table THEN
    NULL; -- ${raced}
  END;
END $$;`;
}

export const EVENTS_SCHEMA = `
CREATE TABLE events (
  id TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  agent_id TEXT NOT NULL REFERENCES agents(id),
  time TEXT COLLATE "C" NOT NULL,
  client_address TEXT NOT NULL,
  client_group TEXT NOT NULL,
  hostname TEXT,
  mac TEXT,
  name TEXT NOT NULL,
  qtype INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  categories TEXT NOT NULL,
  monitored TEXT NOT NULL,
  list TEXT,
  list_version TEXT,
  rule TEXT,
  locked INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  incident_id BIGINT,
  user_name TEXT,
  person_id BIGINT,
  device_id BIGINT,
  PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);

CREATE TABLE events_kept PARTITION OF events DEFAULT;

CREATE INDEX events_site_time ON events (site_id, time);
CREATE INDEX events_site_name_time ON events (site_id, name, time);
CREATE INDEX events_incident_time ON events (incident_id, time) WHERE incident_id IS NOT NULL;

-- Creates the partition of the month of \`month\` ('YYYY-MM...') unless it exists. A month whose
-- events retention kept in events_kept gets no partition (it would overlap them): its events go there.
${ensureMonthFunction("CREATE", "", "another connection made it meanwhile")}

SELECT events_ensure_month(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'));
SELECT events_ensure_month(to_char((now() AT TIME ZONE 'UTC') + INTERVAL '1 month', 'YYYY-MM'));

CREATE FUNCTION events_evidence_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events an incident holds are evidence: they cannot be changed';
END $$;
CREATE TRIGGER events_evidence_no_update BEFORE UPDATE ON events
  FOR EACH ROW WHEN (OLD.incident_id IS NOT NULL) EXECUTE FUNCTION events_evidence_no_update();

CREATE FUNCTION events_evidence_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id) THEN
    RAISE EXCEPTION 'events an incident holds are evidence: they go only with the incident';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER events_evidence_no_delete BEFORE DELETE ON events
  FOR EACH ROW WHEN (OLD.incident_id IS NOT NULL) EXECUTE FUNCTION events_evidence_no_delete();
`;
