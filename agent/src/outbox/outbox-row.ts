import { v7 as timeOrderedId } from "uuid";
import type { OutcomeEvent } from "../events/outcome-event.ts";

/** A row for the outbox: a batch of events as the hub takes them (JSON, each with its id). */
export interface NewOutboxRow {
  count: number;
  body: string;
}

/**
 * Events made into one outbox row, each given the id the hub uses to store it once. A DNS worker
 * does this on its own thread and hands the main thread the finished row (one string to copy,
 * not an object per event), so the main thread only writes it.
 *
 * Ids are UUIDs of version 7: they begin with the time they were made and rise with it, so the
 * hub's index of event ids takes each new one at its end rather than at a random place among
 * hundreds of millions (a random page read and written per event once the index outgrows memory).
 */
export function outboxRow(events: readonly OutcomeEvent[]): NewOutboxRow {
  return {
    count: events.length,
    body: JSON.stringify(events.map((event) => ({ id: timeOrderedId(), ...event }))),
  };
}
