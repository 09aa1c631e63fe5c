import Database from "better-sqlite3";
import type { OutcomeEvent } from "../events/outcome-event.ts";

/** An event as it waits in the outbox: its id travels with it so the hub can ignore repeats. */
export interface OutboxRow {
  seq: number;
  id: string;
  event: OutcomeEvent;
}

/**
 * The agent's durable queue of flagged events, an SQLite file (WAL) that survives restarts and
 * hub outages. Bounded: past `maxRows` the oldest events are dropped and the drops counted, and
 * that count is itself kept so it can be reported. Written in batches, off the DNS path.
 */
export class EventOutbox {
  private readonly db: Database.Database;
  private readonly maxRows: number;
  private readonly insert: Database.Statement;
  private readonly countRows: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly addDrops: Database.Statement;
  private readonly readDrops: Database.Statement;
  private readonly peekRows: Database.Statement;
  private readonly ackRows: Database.Statement;
  private readonly appendBatch: (events: readonly { id: string; event: OutcomeEvent }[]) => number;

  constructor(path: string, maxRows: number) {
    this.maxRows = maxRows;
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO counters (name, value) VALUES ('dropped', 0);
    `);
    this.insert = this.db.prepare("INSERT OR IGNORE INTO outbox (id, body) VALUES (?, ?)");
    this.countRows = this.db.prepare("SELECT COUNT(*) AS n FROM outbox").pluck();
    this.trim = this.db.prepare("DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?)");
    this.addDrops = this.db.prepare("UPDATE counters SET value = value + ? WHERE name = 'dropped'");
    this.readDrops = this.db.prepare("SELECT value FROM counters WHERE name = 'dropped'").pluck();
    this.peekRows = this.db.prepare("SELECT seq, id, body FROM outbox ORDER BY seq LIMIT ?");
    this.ackRows = this.db.prepare("DELETE FROM outbox WHERE seq <= ?");
    this.appendBatch = this.db.transaction((events: readonly { id: string; event: OutcomeEvent }[]) => {
      for (const { id, event } of events) this.insert.run(id, JSON.stringify(event));
      const over = (this.countRows.get() as number) - this.maxRows;
      if (over > 0) {
        this.trim.run(over);
        this.addDrops.run(over);
      }
      return Math.max(0, over);
    });
  }

  /** Stores a batch in one transaction; returns how many of the oldest were dropped to make room. */
  append(events: readonly { id: string; event: OutcomeEvent }[]): number {
    return events.length === 0 ? 0 : this.appendBatch(events);
  }

  /** The oldest `limit` events, in order. */
  peek(limit: number): OutboxRow[] {
    return (this.peekRows.all(limit) as { seq: number; id: string; body: string }[]).map((row) => ({
      seq: row.seq,
      id: row.id,
      event: JSON.parse(row.body) as OutcomeEvent,
    }));
  }

  /** Forgets every event up to `seq`, once the hub has stored them. */
  acknowledge(seq: number): void {
    this.ackRows.run(seq);
  }

  get depth(): number {
    return this.countRows.get() as number;
  }

  /** Events dropped since the outbox was created, counted across restarts. */
  get dropped(): number {
    return this.readDrops.get() as number;
  }

  close(): void {
    this.db.close();
  }
}
