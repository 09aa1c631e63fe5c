import { EventPartitions } from "./event-partitions.ts";
import type { HubDatabase } from "./hub-database.ts";
import { type CopyValue, copyText } from "./pg/copy-text.ts";
import { UNIQUE_VIOLATION } from "./pg/pg-error.ts";
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
const INSERT_SQLITE = `INSERT OR IGNORE INTO events (${COLUMNS})
  VALUES (@id, @siteId, @agentId, @time, @clientAddress, @group, @hostname, @mac, @name, @qtype,
    @outcome, @categories, @monitored, @list, @listVersion, @rule, @locked, @receivedAt, @incidentId,
    @user, @personId, @deviceId)`;

/**
 * PostgreSQL: the whole batch in one statement (one round trip instead of one per event), its rows
 * read from a JSON array (json, not jsonb: parsed once, in one pass). Ids come in unique (the store
 * keeps the first of each). `probe` skips an id already stored at another time, as on SQLite; the
 * key (id, time) catches a re-send. The stored ids come back as one JSON array (one value to read,
 * not a row each).
 */
const insertPostgres = (probe: boolean) => `WITH stored AS (INSERT INTO events (${COLUMNS})
  SELECT e.id, e."siteId", e."agentId", e.time, e."clientAddress", e."group", e.hostname, e.mac, e.name, e.qtype,
    e.outcome, e.categories, e.monitored, e.list, e."listVersion", e.rule, e.locked, ?, e."incidentId",
    e."user", e."personId", e."deviceId"
  FROM json_to_recordset(?::json) AS e(id text, "siteId" text, "agentId" text, time text, "clientAddress" text,
    "group" text, hostname text, mac text, name text, qtype integer, outcome text, categories text, monitored text,
    list text, "listVersion" text, rule text, locked integer, "incidentId" bigint, "user" text, "personId" bigint,
    "deviceId" bigint)${
      probe
        ? `
  LEFT JOIN LATERAL (SELECT 1 AS stored FROM events s WHERE s.id = e.id LIMIT 1) s ON true
  WHERE s.stored IS NULL`
        : ""
    }
  ON CONFLICT DO NOTHING
  RETURNING id)
  SELECT COALESCE(json_agg(id), '[]') FROM stored`;

export const INSERT_POSTGRES = insertPostgres(true);

/** The same for events `unseen` has just found new, in the transaction that stores them: no second look-up of each id. */
export const INSERT_UNSEEN_POSTGRES = insertPostgres(false);

/** The ids of a batch already stored: one query for the batch on PostgreSQL. */
export const STORED_IDS_POSTGRES = `SELECT b.id FROM json_array_elements_text(?::json) AS b(id)
  CROSS JOIN LATERAL (SELECT 1 FROM events s WHERE s.id = b.id LIMIT 1) s`;

/**
 * PostgreSQL, events `unseen` has just found new: copied in (COPY), which costs the server about
 * two fifths less an event than the batched insert. COPY has no ON CONFLICT: should another
 * site's batch have stored one of these ids meanwhile, the copy fails whole and the insert runs.
 */
const COPY_EVENTS = `COPY events (${COLUMNS}) FROM STDIN`;

/** An event as its row of COPY_EVENTS, in its columns' order. */
function copyRowOf(event: StoredEvent, receivedAt: string, incidentOf: ReadonlyMap<string, number>): CopyValue[] {
  return [
    event.id,
    event.siteId,
    event.agentId,
    event.time,
    event.clientAddress,
    event.group,
    event.hostname,
    event.mac,
    event.name,
    event.qtype,
    event.outcome,
    JSON.stringify(event.categories),
    JSON.stringify(event.monitored),
    event.list,
    event.listVersion,
    event.rule,
    event.locked ? 1 : 0,
    receivedAt,
    incidentOf.get(event.id) ?? null,
    event.user ?? null,
    event.personId ?? null,
    event.deviceId ?? null,
  ];
}

/** An event as its row's parameters. */
function rowOf(event: StoredEvent, incidentOf: ReadonlyMap<string, number>) {
  return {
    ...event,
    categories: JSON.stringify(event.categories),
    monitored: JSON.stringify(event.monitored),
    locked: event.locked ? 1 : 0,
    incidentId: incidentOf.get(event.id) ?? null,
    user: event.user ?? null,
    personId: event.personId ?? null,
    deviceId: event.deviceId ?? null,
  };
}

/** The first event of each id, in order. */
function firstOfEach(events: readonly StoredEvent[]): StoredEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
}

export class EventStore {
  private readonly db: HubDatabase;
  private readonly statements;
  private readonly partitions: EventPartitions;
  private readonly keptDays: number | undefined;
  private readonly insertBatch: (
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number>,
    fresh: boolean,
  ) => StoredEvent[];

  /** `keptDays`: how long raw events are kept (see `EventPartitions.ensureFor`). */
  constructor(db: HubDatabase, rollups: RollupStore, settings: SettingsStore, keptDays?: number) {
    this.db = db;
    this.partitions = new EventPartitions(db);
    this.keptDays = keptDays;
    const postgres = db.dialect === "postgres";
    this.statements = {
      insert: postgres ? db.prepare(INSERT_POSTGRES).pluck() : db.prepare(INSERT_SQLITE),
      insertUnseen: postgres ? db.prepare(INSERT_UNSEEN_POSTGRES).pluck() : null,
      exists: db.prepare("SELECT 1 FROM events WHERE id = ?").pluck(),
      storedIds: postgres ? db.prepare(STORED_IDS_POSTGRES).pluck() : null,
      count: db.prepare("SELECT COUNT(*) FROM events WHERE site_id = ?").pluck(),
    };
    // One transaction per batch: the events, their rollups and the stored count move together.
    // `fresh`: the transaction made the events' months and found them unseen already (ingest).
    this.insertBatch = db.transaction((events, receivedAt, incidentOf, fresh) => {
      if (!fresh) this.prepareMonths(events, receivedAt);
      const stored = postgres
        ? this.insertAll(events, receivedAt, incidentOf, !fresh)
        : this.insertEach(events, receivedAt, incidentOf);
      rollups.add(stored);
      if (stored.length > 0) settings.addTo(EVENTS_STORED_KEY, stored.length);
      return stored;
    });
  }

  /**
   * Makes the month partitions `events` need (PostgreSQL), first thing in a transaction that will
   * store them: before it reads the events table, so that a month being made by another
   * connection is waited for while this one holds nothing that one needs.
   */
  prepareMonths(events: readonly StoredEvent[], receivedAt: string): void {
    this.partitions.ensureFor(
      events.map((event) => event.time),
      receivedAt,
      this.keptDays,
    );
  }

  /** Stores events not yet stored (by id), each with its incident if it has one; returns the new ones. */
  insert(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number> = new Map(),
  ): StoredEvent[] {
    return this.insertBatch(events, receivedAt, incidentOf, false);
  }

  /**
   * As `insert`, for events `unseen` returned in this same transaction, after `prepareMonths`,
   * taken while holding the write lock of their site (the only site their agent sends for, so no
   * re-send of theirs is stored meanwhile): on PostgreSQL neither their months nor their ids are
   * looked up a second time.
   */
  insertUnseen(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number> = new Map(),
  ): StoredEvent[] {
    return this.insertBatch(events, receivedAt, incidentOf, true);
  }

  /** The events of a batch not stored yet, each once: what the incident engine should see. */
  unseen(events: readonly StoredEvent[]): StoredEvent[] {
    const first = firstOfEach(events);
    if (this.statements.storedIds === null || first.length === 0)
      return first.filter((event) => this.statements.exists.get(event.id) === undefined);
    const stored = new Set(this.statements.storedIds.all(JSON.stringify(first.map((event) => event.id))));
    return first.filter((event) => !stored.has(event.id));
  }

  count(siteId: string): number {
    return this.statements.count.get(siteId) as number;
  }

  /** SQLite, in process: a prepared insert per event is as quick as any batched form. */
  private insertEach(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number>,
  ): StoredEvent[] {
    return events.filter(
      (event) => this.statements.insert.run({ ...rowOf(event, incidentOf), receivedAt }).changes === 1,
    );
  }

  /** Whether `events` (unseen, unique) were copied in: false where the database has no COPY, or one met the key. */
  private copied(events: readonly StoredEvent[], receivedAt: string, incidentOf: ReadonlyMap<string, number>): boolean {
    const db = this.db;
    if (!db.copyIn) return false;
    const data = copyText(events.map((event) => copyRowOf(event, receivedAt, incidentOf)));
    try {
      // In a savepoint of its own, so that a refused copy leaves the batch's transaction usable.
      db.transaction(() => db.copyIn?.(COPY_EVENTS, data))();
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  /** PostgreSQL: one statement for the batch, which names the events it stored. */
  private insertAll(
    events: readonly StoredEvent[],
    receivedAt: string,
    incidentOf: ReadonlyMap<string, number>,
    probe: boolean,
  ): StoredEvent[] {
    const first = firstOfEach(events);
    if (first.length === 0) return [];
    if (!probe && this.copied(first, receivedAt, incidentOf)) return first;
    const rows = JSON.stringify(first.map((event) => rowOf(event, incidentOf)));
    const statement = probe ? this.statements.insert : (this.statements.insertUnseen ?? this.statements.insert);
    const stored = new Set(JSON.parse(statement.get(receivedAt, rows) as string) as string[]);
    return first.filter((event) => stored.has(event.id));
  }
}
