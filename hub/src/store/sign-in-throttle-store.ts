import { bySql, type HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

/** The most attempt rows kept: a spray of addresses prunes the oldest rather than growing the table. */
const MAX_ATTEMPT_ROWS = 100_000;
/** The most failure pairs kept, for the same reason. */
const MAX_FAILURE_PAIRS = 100_000;

export interface FailureCount {
  failures: number;
  delayedUntil: number;
  last: number;
}

const prepareStatements = (db: HubDatabase) => ({
  expire: db.prepare("DELETE FROM sign_in_attempts WHERE expires_at <= ?"),
  count: db.prepare("SELECT COUNT(*) AS n FROM sign_in_attempts WHERE key = ? AND at > ?"),
  insert: db.prepare("INSERT INTO sign_in_attempts (key, at, expires_at) VALUES (?, ?, ?)"),
  trimAttempts: db.prepare(
    bySql(db, {
      sqlite: `DELETE FROM sign_in_attempts WHERE rowid IN (SELECT rowid FROM sign_in_attempts ORDER BY expires_at
     LIMIT max(0, (SELECT COUNT(*) FROM sign_in_attempts) - ${MAX_ATTEMPT_ROWS}))`,
      postgres: `DELETE FROM sign_in_attempts WHERE ctid IN (SELECT ctid FROM sign_in_attempts ORDER BY expires_at
     LIMIT GREATEST(0, (SELECT COUNT(*) FROM sign_in_attempts) - ${MAX_ATTEMPT_ROWS}))`,
    }),
  ),
  failure: db.prepare(
    'SELECT failures, delayed_until AS "delayedUntil", last FROM sign_in_failures WHERE pair = ? AND last > ?',
  ),
  putFailure: db.prepare(
    `INSERT INTO sign_in_failures (pair, failures, delayed_until, last) VALUES (@pair, @failures, @delayedUntil, @last)
     ON CONFLICT(pair) DO UPDATE SET failures = excluded.failures, delayed_until = excluded.delayed_until,
       last = excluded.last`,
  ),
  deleteFailure: db.prepare("DELETE FROM sign_in_failures WHERE pair = ?"),
  forgetFailures: db.prepare("DELETE FROM sign_in_failures WHERE last <= ?"),
  trimFailures: db.prepare(
    `DELETE FROM sign_in_failures WHERE pair IN (SELECT pair FROM sign_in_failures ORDER BY last
     LIMIT ${bySql(db, { sqlite: "max", postgres: "GREATEST" })}(0, (SELECT COUNT(*) FROM sign_in_failures) - ${MAX_FAILURE_PAIRS}))`,
  ),
});

/**
 * Sign-in throttling shared by every hub process on the database: attempts per key in a sliding
 * window, and failures per account and address with the delay they earned. A guesser spread over
 * several processes meets the limits of one. Other hourly limits per address (unblock requests,
 * learners' reports) count here too, under their own scope. Rows expire with their window and the
 * table is capped.
 */
export class SignInThrottleStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  private inserted = 0;

  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Counts an attempt on `key` unless `limit` were made in the last `windowMs`; false when refused. */
  allowAttempt(key: string, limit: number, windowMs: number, now: number): boolean {
    return this.db
      .transaction(() => {
        this.statements.expire.run(now);
        const { n } = this.statements.count.get(key, now - windowMs) as { n: number };
        if (n >= limit) return false;
        this.statements.insert.run(key, now, now + windowMs);
        // Counting the table costs a scan: checked now and then, the cap still holds within a margin.
        if (++this.inserted % 1000 === 0) this.statements.trimAttempts.run();
        return true;
      })
      .immediate();
  }

  /** A pair's failures, unless it has not failed since `since` (then it starts afresh). */
  failures(pair: string, since: number): FailureCount | undefined {
    return this.statements.failure.get(pair, since) as FailureCount | undefined;
  }

  /**
   * Counts a failure of `pair` in one write transaction: `next` turns the count so far (none once
   * forgotten) into the new one, so two processes failing the same pair at once count both.
   */
  recordFailure(pair: string, since: number, next: (previous: number) => FailureCount): FailureCount {
    return this.db
      .transaction(() => {
        const count = next(this.failures(pair, since)?.failures ?? 0);
        this.statements.putFailure.run({ pair, ...count });
        this.statements.forgetFailures.run(since);
        if (count.failures === 1) this.statements.trimFailures.run();
        return count;
      })
      .immediate();
  }

  clearFailures(pair: string): void {
    this.statements.deleteFailure.run(pair);
  }
}
