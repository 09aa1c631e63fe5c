import { HubError } from "../hub-error.ts";

/** How long a refused download is told to wait before trying again. */
export const PDF_RETRY_AFTER_SECONDS = 15;

/**
 * PDFs printed one at a time: each print starts a Chromium (several processes, ~200 MB), so
 * concurrent downloads would let any signed-in user exhaust the hub. At most `maxWaiting` wait
 * their turn; beyond that a download is refused as unavailable, with a time to retry.
 */
export class PdfQueue {
  private readonly maxWaiting: number;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(maxWaiting: number) {
    this.maxWaiting = maxWaiting;
  }

  /** Prints now, or after those before it; refuses when the queue is full. */
  run<T>(print: () => Promise<T>): Promise<T> {
    // `pending` counts the print under way too: one printing, `maxWaiting` waiting.
    if (this.pending > this.maxWaiting)
      throw new HubError("unavailable", "the hub is printing other PDFs; try again shortly", {
        retryAfterSeconds: PDF_RETRY_AFTER_SECONDS,
      });
    this.pending++;
    const result = this.tail.then(print);
    this.tail = result.catch(() => undefined).finally(() => this.pending--);
    return result;
  }

  /** Prints under way or waiting. */
  get size(): number {
    return this.pending;
  }
}
