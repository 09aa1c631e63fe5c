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

/**
 * Sends the outbox to the hub: the oldest batches first, gzipped, and forgets them only once the
 * hub has answered that it stored them. Any failure (hub down, timeout, 5xx, refused credential)
 * leaves them in the outbox and retries with exponential backoff and jitter, so delivery is at
 * least once; the hub ignores repeats by event id. A batch the hub rejects as invalid is dropped
 * and counted, so one bad event cannot stop the stream.
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
      const result = await this.send(chosen);
      const last = chosen[chosen.length - 1]?.seq as number;
      if (result === "stored" || result === "rejected") {
        this.outbox.acknowledge(last);
        if (result === "stored") this.sent += count;
        else this.rejected += count;
        failures = 0;
        continue;
      }
      failures++;
      const ceiling = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** Math.min(failures - 1, 16));
      await this.sleep(Math.random() * ceiling);
    }
  }

  private async send(rows: readonly OutboxRow[]): Promise<"stored" | "rejected" | "retry"> {
    try {
      // Each row is already a JSON array of events as the hub takes them: join them unread, so a
      // burst of thousands of events costs the DNS thread a string join, not a parse and a rewrite.
      const events = rows.map((row) => row.body.slice(1, -1)).join(",");
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
      if (response.statusCode === 400 || response.statusCode === 413) {
        this.log.error(
          { status: response.statusCode, body: text.slice(0, 2000), events: events.length },
          "hub refused a batch as invalid; it is dropped",
        );
        return "rejected";
      }
      this.log.warn({ status: response.statusCode }, "hub did not store a batch; will retry");
      return "retry";
    } catch (error) {
      this.lastError = (error as Error).message;
      this.log.warn({ err: error }, "cannot reach the hub; will retry");
      return "retry";
    }
  }

  private sleep(ms: number): Promise<void> {
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
