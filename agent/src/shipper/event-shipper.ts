import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { EVENT_SCHEMA_VERSION } from "@fenceline/shared/events";
import type { Logger } from "pino";
import { request } from "undici";
import type { EventOutbox, OutboxRow } from "../outbox/event-outbox.ts";

/** Off the DNS thread: zlib's asynchronous gzip runs in libuv's thread pool. */
const gzipped = promisify(gzip);

export interface ShipperOptions {
  /** The hub's address, e.g. https://hub.example.school */
  hubUrl: string;
  credential: string;
  /** Events per request, at most (whole outbox batches are sent). */
  maxEvents: number;
  timeoutMs: number;
  /** Backoff after a failure grows from `minBackoffMs` to `maxBackoffMs`, with full jitter. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Pause when the outbox is empty. */
  idleMs: number;
}

export const DEFAULT_SHIPPER_OPTIONS = {
  maxEvents: 5000,
  timeoutMs: 15_000,
  minBackoffMs: 500,
  maxBackoffMs: 60_000,
  idleMs: 500,
};

/** What the hub made of one request. */
type Reply = "stored" | "refused" | "retry";

/**
 * Sends the outbox to the hub: the oldest batches first, gzipped, and forgets them only once the
 * hub has answered that it stored them. Any failure (hub down, timeout, 5xx, refused credential,
 * a hub that does not take this agent's event schema yet) leaves them in the outbox and retries
 * with exponential backoff and jitter, so delivery is at least once; the hub ignores repeats by
 * event id. A batch the hub refuses as invalid or too large is sent again in halves, and halves
 * of those, so that only the events it refuses one by one are dropped (logged and counted): one
 * bad event neither stops the stream nor takes the good events of its batch with it.
 */
export class EventShipper {
  private readonly outbox: EventOutbox;
  private readonly options: ShipperOptions;
  private readonly log: Logger;
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  sent = 0;
  rejected = 0;
  lastError: string | null = null;

  constructor(outbox: EventOutbox, options: ShipperOptions, log: Logger) {
    this.outbox = outbox;
    this.options = options;
    this.log = log;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const rows = this.outbox.rows(64);
      const chosen: OutboxRow[] = [];
      let count = 0;
      for (const row of rows) {
        if (chosen.length > 0 && count + row.count > this.options.maxEvents) break;
        chosen.push(row);
        count += row.count;
      }
      if (chosen.length === 0) {
        await this.sleep(this.options.idleMs);
        continue;
      }
      // Each row is already a JSON array of events as the hub takes them: join them unread, so a
      // burst of thousands of events costs a string join, not a parse and a rewrite.
      const reply = await this.post(chosen.map((row) => row.body.slice(1, -1)).join(","), count);
      const delivered =
        reply === "refused" ? await this.salvage(chosen) : reply === "stored" ? { stored: count } : null;
      if (delivered) {
        this.outbox.acknowledge(chosen[chosen.length - 1]?.seq as number);
        this.sent += delivered.stored;
        this.rejected += count - delivered.stored;
        failures = 0;
        continue;
      }
      failures++;
      const ceiling = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** Math.min(failures - 1, 16));
      await this.sleep(Math.random() * ceiling);
    }
  }

  /**
   * A refused batch, sent again in halves down to single events: returns how many the hub stored
   * (every event but those it refused alone), or null when it stopped answering part-way or the
   * agent is stopping, to try the whole batch again later (what the hub already stored it will
   * ignore as repeats).
   */
  private async salvage(rows: readonly OutboxRow[]): Promise<{ stored: number } | null> {
    const events = rows.flatMap((row) => (JSON.parse(row.body) as unknown[]).map((event) => JSON.stringify(event)));
    let stored = 0;
    const pending = [{ part: events, why: this.lastError }];
    while (pending.length > 0) {
      if (this.stopped) return null; // on shutdown: the whole batch goes again after the restart
      const { part, why } = pending.pop() as { part: string[]; why: string | null };
      if (part.length === 1) {
        this.log.error({ event: part[0]?.slice(0, 2000), hub: why }, "hub refused an event; it is dropped");
        continue;
      }
      const half = Math.ceil(part.length / 2);
      for (const piece of [part.slice(0, half), part.slice(half)]) {
        const reply = await this.post(piece.join(","), piece.length);
        if (reply === "retry") return null;
        if (reply === "stored") stored += piece.length;
        else pending.push({ part: piece, why: this.lastError });
      }
    }
    return { stored };
  }

  /** One request: `events` is the events' JSON joined by commas, `count` of them. */
  private async post(events: string, count: number): Promise<Reply> {
    try {
      const body = await gzipped(`{"schemaVersion":${EVENT_SCHEMA_VERSION},"events":[${events}]}`);
      const response = await request(new URL("/api/agents/events", this.options.hubUrl), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-encoding": "gzip",
          authorization: `Bearer ${this.options.credential}`,
        },
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode === 200) {
        this.lastError = null;
        return "stored";
      }
      this.lastError = `hub answered ${response.statusCode}: ${text.slice(0, 500)}`;
      const code = errorCode(text);
      if ((response.statusCode === 400 && code === "invalid-request") || response.statusCode === 413) {
        this.log.warn({ status: response.statusCode, body: text.slice(0, 2000), events: count }, "hub refused a batch");
        return "refused";
      }
      this.log.warn({ status: response.statusCode, body: text.slice(0, 500) }, "hub did not store a batch; will retry");
      return "retry";
    } catch (error) {
      this.lastError = (error as Error).message;
      this.log.warn({ err: error }, "cannot reach the hub; will retry");
      return "retry";
    }
  }

  /** Waits `ms`, or less when stop() is called; not at all once it has been. */
  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

/** The hub's error code from an error body ({ error: { code } }), if it has one. */
function errorCode(text: string): string | null {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}
