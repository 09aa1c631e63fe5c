import type { HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** A fleet problem ICT was told of, while it lasts: an agent offline, or its lists stale. */
export interface FleetEpisode {
  agentId: string;
  problem: "offline" | "stale-lists";
  siteId: string;
  startedAt: string;
  recipients: string[];
  status: string;
  error: string | null;
}

const prepareStatements = (db: HubDatabase) => ({
  open: db.prepare(
    "INSERT INTO fleet_alert_episodes (agent_id, problem, site_id, started_at, recipients, status, error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(agent_id, problem) DO NOTHING",
  ),
  all: db.prepare(
    'SELECT agent_id AS "agentId", problem, site_id AS "siteId", started_at AS "startedAt", recipients, status, error FROM fleet_alert_episodes ORDER BY started_at',
  ),
  close: db.prepare("DELETE FROM fleet_alert_episodes WHERE agent_id = ? AND problem = ?"),
});

/** One row per agent and problem while the problem lasts, so ICT is alerted once per episode. */
export class FleetAlertStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Records an episode's alert; false when one is already open for the agent and problem. */
  open(e: FleetEpisode): boolean {
    const { agentId, problem, siteId, startedAt, recipients, status, error } = e;
    return (
      this.statements.open.run(agentId, problem, siteId, startedAt, JSON.stringify(recipients), status, error)
        .changes === 1
    );
  }

  all(): FleetEpisode[] {
    return (this.statements.all.all() as (Omit<FleetEpisode, "recipients"> & { recipients: string })[]).map((row) => ({
      ...row,
      recipients: JSON.parse(row.recipients) as string[],
    }));
  }

  /** The problem is over (the agent is back, its lists fresh): a new one alerts again. */
  close(agentId: string, problem: FleetEpisode["problem"]): void {
    this.statements.close.run(agentId, problem);
  }
}
