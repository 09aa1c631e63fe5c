/**
 * 19: filtering checks (the DfE standards' "checks"). Runs the hub asks an agent to make, on the
 * site's schedule or on demand, and what the agent answered, re-judged by the hub; the slot a
 * scheduled run was asked for (one run per agent and slot, whatever the sweeps do); the alert
 * sent for a failed run. Canaries: a site's own test names for the locked categories. The check
 * schedule of a site (no row: Monday to Friday at 10:00 in the site's zone).
 */
export const STEP_FILTER_CHECKS = `
  CREATE TABLE filter_check_runs (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    agent_id TEXT NOT NULL REFERENCES agents(id),
    trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'demand')),
    slot TEXT,
    requested_by TEXT,
    requested_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'passed', 'failed', 'missed')),
    lists_version TEXT,
    items TEXT NOT NULL DEFAULT '[]',
    untested TEXT NOT NULL DEFAULT '[]',
    failed_count INTEGER NOT NULL DEFAULT 0,
    alert_status TEXT
  );
  CREATE INDEX filter_check_runs_agent_status ON filter_check_runs (agent_id, status, requested_at);
  CREATE INDEX filter_check_runs_site_time ON filter_check_runs (site_id, requested_at);
  CREATE UNIQUE INDEX filter_check_runs_slot ON filter_check_runs (agent_id, slot) WHERE slot IS NOT NULL;
  CREATE TABLE check_canaries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (site_id, category, name)
  );
  CREATE TABLE check_schedules (
    site_id TEXT PRIMARY KEY REFERENCES sites(id),
    days TEXT NOT NULL,
    time TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
`;
