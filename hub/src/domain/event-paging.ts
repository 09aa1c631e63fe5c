import { cursorCodec } from "@fenceline/shared";
import { z } from "zod";
import { HubError } from "../hub-error.ts";

/** Where a page of the event search (newest first) ends: the last event shown. */
const positionSchema = z.strictObject({ time: z.iso.datetime(), id: z.string().min(1).max(64) });
export type EventPosition = z.infer<typeof positionSchema>;

const codec = cursorCodec(positionSchema);

/**
 * A request's `cursor` → the events to page back from. The cursor comes from the client, so one
 * this hub did not make is the client's mistake: a 400 saying so, never a 500.
 */
export function eventsBefore(cursor: string | undefined): EventPosition | undefined {
  if (!cursor) return undefined;
  const decoded = codec.decode(cursor);
  if (!decoded.ok) throw new HubError("invalid-request", decoded.problem);
  return decoded.value;
}

/** The cursor for the page after `events`, or null when they did not fill the page (the last one). */
export function nextEventsCursor(events: readonly EventPosition[], limit: number): string | null {
  const last = events.at(-1);
  return events.length === limit && last ? codec.encode({ time: last.time, id: last.id }) : null;
}
