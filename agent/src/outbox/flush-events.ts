import type { Logger } from "pino";
import type { BoundedQueue } from "../events/bounded-queue.ts";
import type { OutcomeEvent } from "../events/outcome-event.ts";
import type { EventOutbox } from "./event-outbox.ts";
import { type NewOutboxRow, outboxRow } from "./outbox-row.ts";

/**
 * Events per outbox row (one transaction each). Rows of a few hundred kilobytes keep SQLite's and
 * the allocator's working memory small: rows of 5,000 events left the agent ~15 MB larger after
 * a burst. The shipper joins rows into larger requests.
 */
export const FLUSH_BATCH = 100;

/** Moves queued events into the outbox, each with an id the hub uses to store it once. */
export function flushEvents(events: BoundedQueue<OutcomeEvent>, outbox: EventOutbox, log: Logger): void {
  while (events.size > 0) {
    const batch = events.drain(FLUSH_BATCH);
    if (!store(outbox, [outboxRow(batch)], log)) {
      // Back into the queue (still bounded): the next tick tries again.
      for (const event of batch) events.push(event);
      return;
    }
  }
}

/** Moves rows the DNS workers made ready into the outbox. */
export function flushRows(rows: BoundedQueue<NewOutboxRow>, outbox: EventOutbox, log: Logger): void {
  if (rows.size === 0) return;
  const ready = rows.drain();
  if (!store(outbox, ready, log)) for (const row of ready) rows.push(row);
}

function store(outbox: EventOutbox, rows: readonly NewOutboxRow[], log: Logger): boolean {
  try {
    const dropped = outbox.appendRows(rows);
    if (dropped > 0) log.warn({ dropped }, "event outbox is full; the oldest events were dropped");
    return true;
  } catch (error) {
    log.error({ err: error }, "cannot write to the event outbox; events stay queued in memory");
    return false;
  }
}
