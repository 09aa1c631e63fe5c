import { EventPartitions } from "./event-partitions.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import type { RollupStore } from "./rollup-store.ts";
import type { SettingsStore } from "./settings-store.ts";

/** One DNS outcome as the hub keeps it (the wire event, with the site and agent that sent it). */
export interface StoredEvent {
  id: string;
  siteId: string;
  agentId: string;
  time: string;
  clientAddress: string;
  group: string;
  hostname: string | null;
  mac: string | null;
  name: string;
  qtype: number;
  outcome: string;
  categories: string[];
  monitored: string[];
  list: string | null;
  listVersion: string | null;
  rule: string | null;
  locked: boolean;
  /** The user name an identity source gave, and the person and device the event was matched to. */
  user?: string | null;
  personId?: number | null;
  deviceId?: number | null;
  /** The agent's detail of the outcome ("sanction": refused under a sanction); not stored, read by the incident engine. */
  detail?: string | null;
}

/** The running count of events ever stored: part of the data version reports carry. */
export const EVENTS_STORED_KEY = "events.stored";

/** Storing events at ingest, each once (agents resend after a lost reply): the hub's hot write path. */
const COLUMNS = `id, site_id, agent_id, time, client_address, client_group, hostname, mac, name, qtype,
  outcome, categories, monitored, list, list_version, rule, locked, received_at, incident_id, user_name, person_id, device_id`;

/**
 * Each event once by id. On PostgreSQL the key is (id, time) (events are partitioned by month), so
 * the id is checked too; a re-sent event (same id and time) also meets the key.
 */
const insertSql = (db: HubDatabase) =>
  bySql(db, {
    sqlite: `INSERT OR IGNORE INTO events (${COLUMNS})
      VALUES (@id, @siteId, @agentId, @time, @clientAddress, @group, @hostname, @mac, @name, @qtype,
        @outcome, @categories, @monitored, @list, @listVersion, @rule, @locked, @receivedAt, @incidentId,
        @user, @personId, @deviceId)`,
    postgres: `INSERT INTO events (${COLUMNS})
      SELECT @id, @siteId, @agentId, @time, @clientAddress, @group, @hostname, @mac, @name, @qtype::integer,
        @outcome, @categories, @monitored, @list, @listVersion, @rule, @locked::integer, @receivedAt,
        @incidentId::bigint, @user, @personId::bigint, @deviceId::bigint
      WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = @id)
      ON CONFLICT DO NOTHING`,
  });

export class EventStore {
  private readonly statements;
  private readonly partitions: EventPartitions;
  private readonly insertBatch: (
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number>,
  ) => StoredEvent[];

  constructor(db: HubDatabase, rollups: RollupStore, settings: SettingsStore) {
    this.partitions = new EventPartitions(db);
    this.statements = {
      insert: db.prepare(insertSql(db)),
      exists: db.prepare("SELECT 1 FROM events WHERE id = ?").pluck(),
      count: db.prepare("SELECT COUNT(*) FROM events WHERE site_id = ?").pluck(),
    };
    // One transaction per batch: the events, their rollups and the stored count move together.
    this.insertBatch = db.transaction((events, receivedAt, incidentOf) => {
      this.partitions.ensureFor(
        events.map((event: StoredEvent) => event.time),
        receivedAt,
      );
      const stored: StoredEvent[] = [];
      for (const event of events) {
        const changes = this.statements.insert.run({
          ...event,
          categories: JSON.stringify(event.categories),
          monitored: JSON.stringify(event.monitored),
          locked: event.locked ? 1 : 0,
          receivedAt,
          incidentId: incidentOf.get(event.id) ?? null,
          user: event.user ?? null,
          personId: event.personId ?? null,
          deviceId: event.deviceId ?? null,
        }).changes;
        if (changes === 1) stored.push(event);
      }
      rollups.add(stored);
      if (stored.length > 0) settings.addTo(EVENTS_STORED_KEY, stored.length);
      return stored;
    });
  }

  /** Stores events not yet stored (by id), each with its incident if it has one; returns the new ones. */
  insert(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number> = new Map(),
  ): StoredEvent[] {
    return this.insertBatch(events, receivedAt, incidentOf);
  }

  /** The events of a batch not stored yet, each once: what the incident engine should see. */
  unseen(events: readonly StoredEvent[]): StoredEvent[] {
    const seen = new Set<string>();
    return events.filter((event) => {
      if (seen.has(event.id) || this.statements.exists.get(event.id) !== undefined) return false;
      seen.add(event.id);
      return true;
    });
  }

  count(siteId: string): number {
    return this.statements.count.get(siteId) as number;
  }
}
