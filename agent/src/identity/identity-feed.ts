import type { IdentityChange, NetworkIdentity } from "./identity-map.ts";

/** How long changes gather before they go to the DNS workers in one message. */
const BATCH_MS = 250;

/**
 * Carries the main thread's identity map to the DNS worker threads' copies: changes gather for
 * a quarter of a second (the last one per address wins) and go as one message, so that a burst
 * of accounting (a class signing in at once) is a handful of messages. No timer runs while
 * nothing changes.
 */
export class IdentityFeed {
  private pending = new Map<string, NetworkIdentity | null>();
  private timer: NodeJS.Timeout | null = null;
  private readonly send: (changes: IdentityChange[]) => void;

  constructor(send: (changes: IdentityChange[]) => void) {
    this.send = send;
  }

  readonly push = ([address, identity]: IdentityChange): void => {
    this.pending.set(address, identity);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  };

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const changes = [...this.pending];
    this.pending = new Map();
    this.send(changes);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
