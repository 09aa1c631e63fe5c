import { HEARTBEAT_COLUMNS_FROM_BODY, HEARTBEAT_COLUMNS_FROM_BODY_PG } from "./heartbeat-columns.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import type { RollupStore } from "./rollup-store.ts";
import { jsonTextValues } from "./sql-json.ts";

const AGENT_SUMMARY =
  'id, name, last_seen_at AS "lastSeenAt", last_heartbeat AS "lastHeartbeat", revoked_at AS "revokedAt"';

export interface Site {
  id: string;
  name: string;
  createdAt: string;
}

export interface EnrolmentToken {
  siteId: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface AgentCredential {
  id: string;
  siteId: string;
  revokedAt: string | null;
}

export interface AgentSummary {
  id: string;
  name: string;
  lastSeenAt: string | null;
  lastHeartbeat: string | null;
  revokedAt: string | null;
}

/** One line of a heartbeat's look-up counts (schema version 2). */
export interface HeartbeatCount {
  outcome: string;
  group: string;
  label: string;
  n: number;
}

/** The fleet: sites, the one-use tokens that enrol agents, the agents, and every heartbeat they send. */
export class FleetStore {
  private readonly statements;
  private readonly enrolTx: (
    tokenHash: string,
    agent: { id: string; siteId: string; name: string; credentialHash: string },
    at: string,
  ) => boolean;
  private readonly heartbeatTx: (
    agentId: string,
    at: string,
    body: string,
    siteId: string | undefined,
    counts: readonly HeartbeatCount[],
  ) => void;

  constructor(db: HubDatabase, rollups: RollupStore) {
    this.statements = {
      insertSite: db.prepare("INSERT INTO sites (id, name, created_at) VALUES (?, ?, ?)"),
      site: db.prepare('SELECT id, name, created_at AS "createdAt" FROM sites WHERE id = ?'),
      sites: db.prepare('SELECT id, name, created_at AS "createdAt" FROM sites ORDER BY id'),
      insertToken: db.prepare("INSERT INTO enrolment_tokens (token_hash, site_id, expires_at) VALUES (?, ?, ?)"),
      token: db.prepare(
        'SELECT site_id AS "siteId", expires_at AS "expiresAt", used_at AS "usedAt" FROM enrolment_tokens WHERE token_hash = ?',
      ),
      useToken: db.prepare("UPDATE enrolment_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"),
      insertAgent: db.prepare(
        "INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      agentByCredential: db.prepare(
        'SELECT id, site_id AS "siteId", revoked_at AS "revokedAt" FROM agents WHERE credential_hash = ?',
      ),
      revokeAgent: db.prepare("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
      siteAgents: db.prepare(`SELECT ${AGENT_SUMMARY} FROM agents WHERE site_id = ? ORDER BY name`),
      agentsOfSites: db.prepare(
        `SELECT site_id AS "siteId", ${AGENT_SUMMARY} FROM agents WHERE site_id IN ${jsonTextValues(db, "?")} ORDER BY site_id, name`,
      ),
      // SQLite names the new row by its rowid; PostgreSQL's heartbeats have an id for it.
      insertHeartbeat: db.prepare(
        bySql(db, {
          sqlite: "INSERT INTO heartbeats (agent_id, received_at, body) VALUES (?, ?, ?)",
          postgres: "INSERT INTO heartbeats (agent_id, received_at, body) VALUES (?, ?, ?) RETURNING id",
        }),
      ),
      heartbeatColumns: db.prepare(
        bySql(db, {
          sqlite: `UPDATE heartbeats SET ${HEARTBEAT_COLUMNS_FROM_BODY} WHERE rowid = ?`,
          postgres: `UPDATE heartbeats SET ${HEARTBEAT_COLUMNS_FROM_BODY_PG} WHERE id = ?`,
        }),
      ),
      touchAgent: db.prepare("UPDATE agents SET last_seen_at = ?, last_heartbeat = ? WHERE id = ?"),
      lastBeat: db.prepare(
        'SELECT received_at AS at, update_at AS "updateAt" FROM heartbeats WHERE agent_id = ? ORDER BY received_at DESC LIMIT 1',
      ),
      // What marks the beat for reports: the silence before it, and whether its list update is new.
      beatGap: db.prepare(
        bySql(db, {
          sqlite: "UPDATE heartbeats SET gap_ms = ?, update_changed = update_at IS NOT ? WHERE rowid = ?",
          postgres:
            "UPDATE heartbeats SET gap_ms = ?, update_changed = CASE WHEN update_at IS DISTINCT FROM ?::text THEN 1 ELSE 0 END WHERE id = ?",
        }),
      ),
    };
    // A token enrols one agent only: marking it used and creating the agent happen together or not at all.
    this.enrolTx = db.transaction((tokenHash, agent, at) => {
      if (this.statements.useToken.run(at, tokenHash).changes !== 1) return false;
      this.statements.insertAgent.run(agent.id, agent.siteId, agent.name, agent.credentialHash, at);
      return true;
    });
    this.heartbeatTx = db.transaction((agentId, at, body, siteId, counts) => {
      rollups.addQueryCounts(siteId ?? "", at.slice(0, 13), counts);
      const before = this.statements.lastBeat.get(agentId) as { at: string; updateAt: string | null } | undefined;
      const { lastInsertRowid } = this.statements.insertHeartbeat.run(agentId, at, body);
      this.statements.heartbeatColumns.run(lastInsertRowid);
      rollups.addHeartbeatQueries(at.slice(0, 13), lastInsertRowid);
      const gap = before ? Date.parse(at) - Date.parse(before.at) : null;
      this.statements.beatGap.run(gap, before?.updateAt ?? null, lastInsertRowid);
      this.statements.touchAgent.run(at, body, agentId);
    });
  }

  createSite(id: string, name: string, at: string): void {
    this.statements.insertSite.run(id, name, at);
  }

  site(id: string): Site | undefined {
    return this.statements.site.get(id) as Site | undefined;
  }

  sites(): Site[] {
    return this.statements.sites.all() as Site[];
  }

  createEnrolmentToken(tokenHash: string, siteId: string, expiresAt: string): void {
    this.statements.insertToken.run(tokenHash, siteId, expiresAt);
  }

  enrolmentToken(tokenHash: string): EnrolmentToken | undefined {
    return this.statements.token.get(tokenHash) as EnrolmentToken | undefined;
  }

  /** Marks the token used and creates the agent, atomically; false if the token was already used. */
  enrolAgent(
    tokenHash: string,
    agent: { id: string; siteId: string; name: string; credentialHash: string },
    at: string,
  ): boolean {
    return this.enrolTx(tokenHash, agent, at);
  }

  agentByCredential(credentialHash: string): AgentCredential | undefined {
    return this.statements.agentByCredential.get(credentialHash) as AgentCredential | undefined;
  }

  revokeAgent(id: string, at: string): boolean {
    return this.statements.revokeAgent.run(at, id).changes === 1;
  }

  siteAgents(siteId: string): AgentSummary[] {
    return this.statements.siteAgents.all(siteId) as AgentSummary[];
  }

  /** The agents of each of `siteIds` (in one read), as siteAgents gives them; a site without any has none. */
  agentsOfSites(siteIds: readonly string[]): Map<string, AgentSummary[]> {
    const bySite = new Map<string, AgentSummary[]>(siteIds.map((id) => [id, []]));
    const rows = this.statements.agentsOfSites.all(JSON.stringify(siteIds)) as (AgentSummary & { siteId: string })[];
    for (const { siteId, ...agent } of rows) bySite.get(siteId)?.push(agent);
    return bySite;
  }

  /** Stores a heartbeat, and adds its look-up counts (if it has any) to the site's hourly rollup. */
  recordHeartbeat(
    agentId: string,
    at: string,
    body: string,
    siteId?: string,
    counts: readonly HeartbeatCount[] = [],
  ): void {
    this.heartbeatTx(agentId, at, body, siteId, counts);
  }
}
