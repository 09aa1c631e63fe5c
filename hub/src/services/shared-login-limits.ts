import type { SignInThrottleStore } from "../store/sign-in-throttle-store.ts";
import { delayAfter, FORGET_FAILURES_MS, pairKey } from "./login-failures.ts";

/** What the sign-in checks need of an attempt limiter: in memory (one process) or in the database (several). */
export interface AttemptLimiter {
  allow(key: string): boolean;
}

/** What the sign-in checks need of a failure counter per account and address. */
export interface FailureCounter {
  delayedUntil(account: string, address: string): number;
  fail(account: string, address: string): { failures: number; delayedUntil: number };
  succeed(account: string, address: string): void;
}

/**
 * LoginRateLimiter's sliding window kept in the database: every hub process counts the same
 * attempts. `scope` keeps limits of different kinds (sign-ins, password changes) apart.
 */
export class SharedRateLimiter implements AttemptLimiter {
  private readonly store: SignInThrottleStore;
  private readonly scope: string;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(store: SignInThrottleStore, scope: string, limit: number, windowMs: number, now: () => number) {
    this.store = store;
    this.scope = scope;
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  allow(key: string): boolean {
    return this.store.allowAttempt(`${this.scope}\n${key}`, this.limit, this.windowMs, this.now());
  }
}

/** LoginFailures kept in the database: a guesser's delay holds on whichever process they try next. */
export class SharedLoginFailures implements FailureCounter {
  private readonly store: SignInThrottleStore;
  private readonly freeAttempts: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;

  constructor(store: SignInThrottleStore, freeAttempts: number, maxDelayMs: number, now: () => number) {
    this.store = store;
    this.freeAttempts = freeAttempts;
    this.maxDelayMs = maxDelayMs;
    this.now = now;
  }

  delayedUntil(account: string, address: string): number {
    const now = this.now();
    const entry = this.store.failures(pairKey(account, address), now - FORGET_FAILURES_MS);
    return entry && entry.delayedUntil > now ? entry.delayedUntil : 0;
  }

  fail(account: string, address: string): { failures: number; delayedUntil: number } {
    const now = this.now();
    const { failures, delayedUntil } = this.store.recordFailure(
      pairKey(account, address),
      now - FORGET_FAILURES_MS,
      (previous) => {
        const failures = previous + 1;
        return { failures, delayedUntil: delayAfter(failures, this.freeAttempts, this.maxDelayMs, now), last: now };
      },
    );
    return { failures, delayedUntil };
  }

  succeed(account: string, address: string): void {
    this.store.clearFailures(pairKey(account, address));
  }
}
