import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import { EventOutbox } from "../outbox/event-outbox.ts";
import { EventSpool } from "../outbox/event-spool.ts";
import type { Part } from "./part-stack.ts";

export interface EventStore extends Part {
  /** The durable queue of flagged events, when the configuration has one. */
  outbox: EventOutbox | null;
  /** Flagged events from every DNS thread on their way to the outbox. */
  spool: EventSpool;
}

/**
 * The outbox and the timer that moves spooled events into it. It stops last of all, so whatever
 * the DNS threads hand over while they stop is stored before the outbox closes.
 */
export function startEventStore(config: AgentConfig, log: Logger): EventStore {
  const outbox = config.outbox ? new EventOutbox(config.outbox.file, config.outbox.maxEvents) : null;
  const spool = new EventSpool(outbox, log);
  const flusher = config.outbox ? setInterval(spool.flush, config.outbox.flushMs).unref() : null;
  return {
    outbox,
    spool,
    stop() {
      if (flusher) clearInterval(flusher);
      if (!outbox) return;
      spool.flush();
      outbox.close();
    },
  };
}
