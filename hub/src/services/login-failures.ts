/** A pair that has not failed for a day starts afresh. */
export const FORGET_FAILURES_MS = 24 * 3_600_000;

/** Until when (epoch ms) the next try waits after `failures`: past the free ones 1 s, 2 s, 4 s … up to the maximum; 0 if not. */
export function delayAfter(failures: number, freeAttempts: number, maxDelayMs: number, now: number): number {
  const over = failures - freeAttempts;
  return over >= 0 ? now + Math.min(maxDelayMs, 1000 * 2 ** Math.min(over, 30)) : 0;
}

/**
 * Failed sign-ins counted per account AND address, with a delay that grows with each failure past
 * the free ones: a guesser is slowed to a few tries an hour, while the account's owner, signing in
 * from another address, is never locked out by them. Bounded, so a flood of pairs cannot grow it.
 */
export class LoginFailures {
  private readonly freeAttempts: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly pairs = new Map<string, { failures: number; delayedUntil: number; last: number }>();
  private static readonly MAX_PAIRS = 10_000;
  private static readonly FORGET_MS = FORGET_FAILURES_MS;

  constructor(freeAttempts: number, maxDelayMs: number, now: () => number = Date.now) {
    this.freeAttempts = freeAttempts;
    this.maxDelayMs = maxDelayMs;
    this.now = now;
  }

  /** Until when (epoch ms) attempts on this account from this address are refused unchecked; 0 if not. */
  delayedUntil(account: string, address: string): number {
    const entry = this.entry(account, address);
    return entry && entry.delayedUntil > this.now() ? entry.delayedUntil : 0;
  }

  /** Counts a failure; past the free attempts, the next try waits 1 s, 2 s, 4 s … up to the maximum. */
  fail(account: string, address: string): { failures: number; delayedUntil: number } {
    const now = this.now();
    const key = pairKey(account, address);
    const failures = (this.entry(account, address)?.failures ?? 0) + 1;
    const delayedUntil = delayAfter(failures, this.freeAttempts, this.maxDelayMs, now);
    this.pairs.delete(key);
    this.pairs.set(key, { failures, delayedUntil, last: now });
    if (this.pairs.size > LoginFailures.MAX_PAIRS) this.pairs.delete(this.pairs.keys().next().value as string);
    return { failures, delayedUntil };
  }

  succeed(account: string, address: string): void {
    this.pairs.delete(pairKey(account, address));
  }

  private entry(account: string, address: string) {
    const key = pairKey(account, address);
    const entry = this.pairs.get(key);
    if (entry && this.now() - entry.last > LoginFailures.FORGET_MS) {
      this.pairs.delete(key);
      return undefined;
    }
    return entry;
  }
}

export function pairKey(account: string, address: string): string {
  return `${account.toLowerCase()}\n${address}`;
}
