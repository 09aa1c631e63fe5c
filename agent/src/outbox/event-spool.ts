import type { Logger } from "pino";
import { BoundedQueue } from "../events/bounded-queue.ts";
import type { OutcomeEvent } from "../events/outcome-event.ts";
import type { EventOutbox } from "./event-outbox.ts";
import { type NewOutboxRow, outboxRow } from "./outbox-row.ts";

/**
 * Events per outbox row (one transaction each). Rows of a few hundred kilobytes keep SQLite's and
 * the allocator's working memory small: rows of 5,000 events left the agent ~15 MB larger after
 * a burst. The shipper joins rows into larger requests.
 */
export const FLUSH_BATCH = 100;

/** Flagged events held in memory; drained continuously, so a burst of minutes fits. */
const CAPACITY = 10_000;

/**
 * Flagged events on their way to the outbox: this thread's, and the rows the DNS workers made of
 * theirs. Both are bounded (past that the oldest are dropped and counted) and both stay here
 * while the outbox cannot be written, or when there is none.
 */
export class EventSpool {
  /** This thread's events, one by one. */
  readonly events = new BoundedQueue<OutcomeEvent>(CAPACITY);
  /** The DNS workers' events, as rows; weighed in events. */
  private readonly rows = new BoundedQueue<NewOutboxRow>(CAPACITY / FLUSH_BATCH, (row) => row.count);
  private readonly outbox: EventOutbox | null;
  private readonly log: Logger;

  constructor(outbox: EventOutbox | null, log: Logger) {
    this.outbox = outbox;
    this.log = log;
  }

  /** An event from this thread; a row's worth waiting is stored at once, not at the next flush. */
  push(event: OutcomeEvent): void {
    this.events.push(event);
    if (this.events.size === FLUSH_BATCH) setImmediate(this.flush);
  }

  /** Rows from a DNS worker, and the events it could not hold; stored at once. */
  takeRows(rows: readonly NewOutboxRow[], dropped: number): void {
    for (const row of rows) this.rows.push(row);
    this.rows.dropped += dropped;
    if (rows.length > 0) this.flush();
  }

  /** Moves everything held into the outbox; on a write error it stays held and is tried again later. */
  readonly flush = (): void => {
    const outbox = this.outbox;
    if (!outbox) return;
    while (this.events.size > 0) {
      const batch = this.events.drain(FLUSH_BATCH);
      if (!this.store(outbox, [outboxRow(batch)])) {
        for (const event of batch) this.events.push(event);
        return;
      }
    }
    if (this.rows.size === 0) return;
    const ready = this.rows.drain();
    if (!this.store(outbox, ready)) for (const row of ready) this.rows.push(row);
  };

  /** Events held. */
  get queued(): number {
    return this.events.size + this.rows.weight;
  }

  /** Events dropped for want of room, since start. */
  get dropped(): number {
    return this.events.dropped + this.rows.dropped;
  }

  private store(outbox: EventOutbox, rows: readonly NewOutboxRow[]): boolean {
    try {
      const dropped = outbox.appendRows(rows);
      if (dropped > 0) this.log.warn({ dropped }, "event outbox is full; the oldest events were dropped");
      return true;
    } catch (error) {
      this.log.error({ err: error }, "cannot write to the event outbox; events stay queued in memory");
      return false;
    }
  }
}
