import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { AlertStore } from "./alert-store.ts";
import { AuditStore } from "./audit-store.ts";
import { EventQueryStore } from "./event-query-store.ts";
import { HEARTBEAT_COLUMNS_FROM_BODY } from "./heartbeat-columns.ts";
import { IncidentStore } from "./incident-store.ts";
import { migrate } from "./migrations.ts";
import { ReportArchiveStore } from "./report-archive-store.ts";
import { ReportStore } from "./report-store.ts";
import { RollupStore } from "./rollup-store.ts";
import type { StoredEvent } from "./stored-event.ts";
import { UserStore } from "./user-store.ts";

export type { StoredEvent };

export interface HeartbeatCount {
  outcome: string;
  group: string;
  label: string;
  n: number;
}

export interface PolicyChange {
  seq: number;
  at: string;
  changedBy: string;
  reason: string;
  oldBody: string | null;
  newBody: string;
}

/** The only code that touches SQLite: statements prepared once, batches in transactions. One store per concern. */
export class HubStore {
  readonly db: Database.Database;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly incidents: IncidentStore;
  readonly events: EventQueryStore;
  readonly alerts: AlertStore;
  readonly rollups: RollupStore;
  readonly reportData: ReportStore;
  readonly reports: ReportArchiveStore;
  private readonly statements;
  private readonly insertEventBatch: (
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number>,
  ) => StoredEvent[];

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    // Events, incidents and their indexes take random writes at ingest; a larger page cache keeps them in memory.
    this.db.pragma("cache_size = -131072");
    migrate(this.db);
    this.users = new UserStore(this.db);
    this.audit = new AuditStore(this.db);
    this.incidents = new IncidentStore(this.db);
    this.events = new EventQueryStore(this.db);
    this.alerts = new AlertStore(this.db);
    this.rollups = new RollupStore(this.db);
    this.reportData = new ReportStore(this.db);
    this.reports = new ReportArchiveStore(this.db);
    this.statements = {
      insertSite: this.db.prepare("INSERT INTO sites (id, name, created_at) VALUES (?, ?, ?)"),
      site: this.db.prepare("SELECT id, name, created_at AS createdAt FROM sites WHERE id = ?"),
      insertToken: this.db.prepare("INSERT INTO enrolment_tokens (token_hash, site_id, expires_at) VALUES (?, ?, ?)"),
      token: this.db.prepare(
        "SELECT site_id AS siteId, expires_at AS expiresAt, used_at AS usedAt FROM enrolment_tokens WHERE token_hash = ?",
      ),
      useToken: this.db.prepare("UPDATE enrolment_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"),
      insertAgent: this.db.prepare(
        "INSERT INTO agents (id, site_id, name, credential_hash, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      agentByCredential: this.db.prepare(
        "SELECT id, site_id AS siteId, revoked_at AS revokedAt FROM agents WHERE credential_hash = ?",
      ),
      revokeAgent: this.db.prepare("UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
      insertEvent: this.db.prepare(
        `INSERT OR IGNORE INTO events (id, site_id, agent_id, time, client_address, client_group, hostname, mac, name, qtype,
          outcome, categories, monitored, list, list_version, rule, locked, received_at, incident_id)
         VALUES (@id, @siteId, @agentId, @time, @clientAddress, @group, @hostname, @mac, @name, @qtype,
          @outcome, @categories, @monitored, @list, @listVersion, @rule, @locked, @receivedAt, @incidentId)`,
      ),
      setting: this.db.prepare("SELECT value FROM settings WHERE key = ?").pluck(),
      setSetting: this.db.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ),
      sites: this.db.prepare("SELECT id, name, created_at AS createdAt FROM sites ORDER BY id"),
      policyChanges: this.db.prepare(
        "SELECT seq, at, changed_by AS changedBy, reason, old_body AS oldBody, new_body AS newBody FROM policy_changes WHERE site_id = ? ORDER BY seq DESC LIMIT ?",
      ),
      // A running count of events ever stored: part of the data version reports carry.
      countStored: this.db.prepare(
        "INSERT INTO settings (key, value) VALUES ('events.stored', ?) ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
      ),
      eventExists: this.db.prepare("SELECT 1 FROM events WHERE id = ?").pluck(),
      countEvents: this.db.prepare("SELECT COUNT(*) FROM events WHERE site_id = ?").pluck(),
      sitePolicy: this.db.prepare("SELECT version, body FROM site_policies WHERE site_id = ?"),
      upsertPolicy: this.db.prepare(
        "INSERT INTO site_policies (site_id, version, body, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT(site_id) DO UPDATE SET version = version + 1, body = excluded.body, updated_at = excluded.updated_at",
      ),
      insertPolicyChange: this.db.prepare(
        "INSERT INTO policy_changes (site_id, at, changed_by, reason, old_body, new_body) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      insertHeartbeat: this.db.prepare("INSERT INTO heartbeats (agent_id, received_at, body) VALUES (?, ?, ?)"),
      addQueryCounts: this.db.prepare(
        `INSERT INTO rollup_queries (site_id, hour, client_group, outcome, label, lookups) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET lookups = lookups + excluded.lookups`,
      ),
      heartbeatColumns: this.db.prepare(`UPDATE heartbeats SET ${HEARTBEAT_COLUMNS_FROM_BODY} WHERE rowid = ?`),
      touchAgent: this.db.prepare("UPDATE agents SET last_seen_at = ?, last_heartbeat = ? WHERE id = ?"),
      siteAgents: this.db.prepare(
        "SELECT id, name, last_seen_at AS lastSeenAt, last_heartbeat AS lastHeartbeat, revoked_at AS revokedAt FROM agents WHERE site_id = ? ORDER BY name",
      ),
    };
    this.insertEventBatch = this.db.transaction(
      (events: readonly StoredEvent[], receivedAt: string, incidentOf: ReadonlyMap<string, number>) => {
        const stored: StoredEvent[] = [];
        for (const event of events) {
          const changes = this.statements.insertEvent.run({
            ...event,
            categories: JSON.stringify(event.categories),
            monitored: JSON.stringify(event.monitored),
            locked: event.locked ? 1 : 0,
            receivedAt,
            incidentId: incidentOf.get(event.id) ?? null,
          }).changes;
          if (changes === 1) stored.push(event);
        }
        this.rollups.add(stored);
        if (stored.length > 0) this.statements.countStored.run(stored.length);
        return stored;
      },
    );
  }

  createSite(id: string, name: string, at: string): void {
    this.statements.insertSite.run(id, name, at);
  }

  site(id: string): { id: string; name: string; createdAt: string } | undefined {
    return this.statements.site.get(id) as { id: string; name: string; createdAt: string } | undefined;
  }

  createEnrolmentToken(tokenHash: string, siteId: string, expiresAt: string): void {
    this.statements.insertToken.run(tokenHash, siteId, expiresAt);
  }

  enrolmentToken(tokenHash: string): { siteId: string; expiresAt: string; usedAt: string | null } | undefined {
    return this.statements.token.get(tokenHash) as
      | { siteId: string; expiresAt: string; usedAt: string | null }
      | undefined;
  }

  /** Marks the token used and creates the agent, atomically: a token enrols one agent only. */
  enrolAgent(
    tokenHash: string,
    agent: { id: string; siteId: string; name: string; credentialHash: string },
    at: string,
  ): boolean {
    return this.db.transaction(() => {
      if (this.statements.useToken.run(at, tokenHash).changes !== 1) return false;
      this.statements.insertAgent.run(agent.id, agent.siteId, agent.name, agent.credentialHash, at);
      return true;
    })();
  }

  agentByCredential(credentialHash: string): { id: string; siteId: string; revokedAt: string | null } | undefined {
    return this.statements.agentByCredential.get(credentialHash) as
      | { id: string; siteId: string; revokedAt: string | null }
      | undefined;
  }

  revokeAgent(id: string, at: string): boolean {
    return this.statements.revokeAgent.run(at, id).changes === 1;
  }

  /** Stores events not yet stored (by id), each with its incident if it has one; returns the new ones. */
  insertEvents(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number> = new Map(),
  ): StoredEvent[] {
    return this.insertEventBatch(events, receivedAt, incidentOf);
  }

  /** The events of a batch not stored yet, each once: what the incident engine should see. */
  newEvents(events: readonly StoredEvent[]): StoredEvent[] {
    const seen = new Set<string>();
    return events.filter((event) => {
      if (seen.has(event.id) || this.statements.eventExists.get(event.id) !== undefined) return false;
      seen.add(event.id);
      return true;
    });
  }

  /** Runs `work` in one transaction (nested calls join it). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  sitePolicy(siteId: string): { version: number; body: string } | undefined {
    return this.statements.sitePolicy.get(siteId) as { version: number; body: string } | undefined;
  }

  /** Replaces a site's policy and records the change, in one transaction; returns the new version. */
  replacePolicy(siteId: string, body: string, change: { at: string; by: string; reason: string }): number {
    return this.db.transaction(() => {
      const old = this.sitePolicy(siteId);
      this.statements.upsertPolicy.run(siteId, body, change.at);
      this.statements.insertPolicyChange.run(siteId, change.at, change.by, change.reason, old?.body ?? null, body);
      return (this.sitePolicy(siteId) as { version: number }).version;
    })();
  }

  /** Stores a heartbeat, and adds its look-up counts (if it has any) to the site's hourly rollup. */
  recordHeartbeat(
    agentId: string,
    at: string,
    body: string,
    siteId?: string,
    counts: readonly HeartbeatCount[] = [],
  ): void {
    this.db.transaction(() => {
      for (const c of counts)
        this.statements.addQueryCounts.run(siteId ?? "", at.slice(0, 13), c.group, c.outcome, c.label, c.n);
      const { lastInsertRowid } = this.statements.insertHeartbeat.run(agentId, at, body);
      this.statements.heartbeatColumns.run(lastInsertRowid);
      this.statements.touchAgent.run(at, body, agentId);
    })();
  }

  siteAgents(
    siteId: string,
  ): { id: string; name: string; lastSeenAt: string | null; lastHeartbeat: string | null; revokedAt: string | null }[] {
    return this.statements.siteAgents.all(siteId) as {
      id: string;
      name: string;
      lastSeenAt: string | null;
      lastHeartbeat: string | null;
      revokedAt: string | null;
    }[];
  }

  setting(key: string): string | undefined {
    return this.statements.setting.get(key) as string | undefined;
  }

  setSetting(key: string, value: string): void {
    this.statements.setSetting.run(key, value);
  }

  sites(): { id: string; name: string; createdAt: string }[] {
    return this.statements.sites.all() as { id: string; name: string; createdAt: string }[];
  }

  policyChanges(siteId: string, limit: number): PolicyChange[] {
    return this.statements.policyChanges.all(siteId, limit) as PolicyChange[];
  }

  countEvents(siteId: string): number {
    return this.statements.countEvents.get(siteId) as number;
  }

  close(): void {
    this.db.close();
  }
}
