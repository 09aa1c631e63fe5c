import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { OutcomeEvent } from "../events/outcome-event.ts";
import type { NewOutboxRow } from "./outbox-row.ts";

/**
 * An event as it waits in the outbox, already in the hub's wire form: its id travels with it so
 * the hub can ignore repeats.
 */
export type OutboxEvent = OutcomeEvent & { id: string };

/** A batch of events as stored: one row, acknowledged and dropped whole. */
export interface OutboxBatch {
  seq: number;
  events: OutboxEvent[];
}

/** A stored row as it is: `body` is the JSON array of the batch's events, ready to send. */
export interface OutboxRow {
  seq: number;
  count: number;
  body: string;
}

/**
 * The agent's durable queue of flagged events, an SQLite file (WAL) that survives restarts and
 * hub outages. Each flush writes one row holding the whole batch, so a burst of blocked lookups
 * costs one insert per batch, not per event; rows hold the events as the hub takes them, so that
 * shipping joins rows without reading them. Bounded: past `maxEvents` the oldest batches are
 * dropped and the events in them counted, and that count is kept so it can be reported.
 */
export class EventOutbox {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly sumUpTo: Database.Statement;
  private readonly oldest: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly addDrops: Database.Statement;
  private readonly readDrops: Database.Statement;
  private readonly peekRows: Database.Statement;
  private readonly ackRows: Database.Statement;
  private readonly appendBatch: (rows: readonly NewOutboxRow[]) => number;
  /** Events waiting: summed once at open, then kept, so that no write scans the table. */
  private waiting: number;

  constructor(path: string, maxEvents: number) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // Appends at one end, reads from the other: a small page cache does. better-sqlite3's default
    // (16 MB) stayed resident after every burst of blocked look-ups.
    this.db.pragma("cache_size = -1024");
    migrate(this.db);
    this.insert = this.db.prepare("INSERT INTO outbox (count, body) VALUES (?, ?)");
    this.waiting = this.db.prepare("SELECT COALESCE(SUM(count), 0) FROM outbox").pluck().get() as number;
    this.sumUpTo = this.db.prepare("SELECT COALESCE(SUM(count), 0) FROM outbox WHERE seq <= ?").pluck();
    this.oldest = this.db.prepare("SELECT seq, count FROM outbox ORDER BY seq LIMIT 1");
    this.remove = this.db.prepare("DELETE FROM outbox WHERE seq = ?");
    this.addDrops = this.db.prepare("UPDATE counters SET value = value + ? WHERE name = 'dropped'");
    this.readDrops = this.db.prepare("SELECT value FROM counters WHERE name = 'dropped'").pluck();
    this.peekRows = this.db.prepare("SELECT seq, count, body FROM outbox ORDER BY seq LIMIT ?");
    this.ackRows = this.db.prepare("DELETE FROM outbox WHERE seq <= ?");
    this.appendBatch = this.db.transaction((rows: readonly NewOutboxRow[]) => {
      let added = 0;
      for (const row of rows) {
        this.insert.run(row.count, row.body);
        added += row.count;
      }
      let dropped = 0;
      let over = this.waiting + added - maxEvents;
      while (over > 0) {
        const first = this.oldest.get() as { seq: number; count: number };
        this.remove.run(first.seq);
        dropped += first.count;
        over -= first.count;
      }
      if (dropped > 0) this.addDrops.run(dropped);
      return dropped;
    });
  }

  /** Stores a batch in one transaction; returns how many of the oldest events were dropped for room. */
  append(events: readonly OutboxEvent[]): number {
    if (events.length === 0) return 0;
    return this.appendRows([{ count: events.length, body: JSON.stringify(events) }]);
  }

  /** Stores rows made ready elsewhere (see outbox-row.ts) in one transaction; returns events dropped for room. */
  appendRows(rows: readonly NewOutboxRow[]): number {
    if (rows.length === 0) return 0;
    const dropped = this.appendBatch(rows);
    for (const row of rows) this.waiting += row.count;
    this.waiting -= dropped;
    return dropped;
  }

  /** The oldest `limit` rows, in order, as stored. */
  rows(limit: number): OutboxRow[] {
    return this.peekRows.all(limit) as OutboxRow[];
  }

  /** The oldest `limit` batches, in order, read. */
  peek(limit: number): OutboxBatch[] {
    return this.rows(limit).map((row) => ({ seq: row.seq, events: JSON.parse(row.body) as OutboxEvent[] }));
  }

  /** Forgets every batch up to `seq`, once the hub has stored them. */
  acknowledge(seq: number): void {
    this.db.transaction(() => {
      const acknowledged = this.sumUpTo.get(seq) as number;
      this.ackRows.run(seq);
      this.waiting -= acknowledged;
    })();
  }

  /** Events waiting. */
  get depth(): number {
    return this.waiting;
  }

  /** Events dropped since the outbox was created, counted across restarts. */
  get dropped(): number {
    return this.readDrops.get() as number;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Numbered schema migrations, recorded in PRAGMA user_version. Version 1 kept one row per event;
 * version 2 keeps one row per batch, and carries waiting events over; version 3 stores each
 * event as the hub takes it ({id, ...event} rather than {id, event}).
 */
function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  const steps: (() => void)[] = [
    () =>
      db.exec(`
        CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters (name, value) VALUES ('dropped', 0);
      `),
    () => {
      const old = db.prepare("SELECT id, body FROM outbox ORDER BY seq").all() as { id: string; body: string }[];
      db.exec(`
        DROP TABLE outbox;
        CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, count INTEGER NOT NULL, body TEXT NOT NULL);
      `);
      if (old.length > 0) {
        const events = old.map((row) => ({ id: row.id, event: JSON.parse(row.body) }));
        db.prepare("INSERT INTO outbox (count, body) VALUES (?, ?)").run(events.length, JSON.stringify(events));
      }
    },
    () => {
      const rows = db.prepare("SELECT seq, body FROM outbox").all() as { seq: number; body: string }[];
      const update = db.prepare("UPDATE outbox SET body = ? WHERE seq = ?");
      for (const row of rows) {
        const events = JSON.parse(row.body) as { id: string; event: OutcomeEvent }[];
        update.run(JSON.stringify(events.map(({ id, event }) => ({ id, ...event }))), row.seq);
      }
    },
  ];
  // A file from before numbered migrations has version 0 but already holds version 1's tables.
  const hasOutbox = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").get();
  const start = version === 0 && hasOutbox ? 1 : version;
  for (let step = start; step < steps.length; step++) {
    db.transaction(() => {
      (steps[step] as () => void)();
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
