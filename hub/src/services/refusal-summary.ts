/** One address's rate-limited attempts in one window: what the audit log keeps instead of a row each. */
export interface RefusalSummary {
  address: string;
  count: number;
  first: string;
  last: string;
  /** A few of the emails tried, cut short: enough to see who was targeted, never an attacker's essay. */
  emails: string[];
}

const MAX_EMAILS = 3;
const EMAIL_CHARS = 64;
const MAX_ADDRESSES = 10_000;

/**
 * Gathers refused attempts per address per window and hands each window's summary back once,
 * when it is over: a flood costs one audit row per address per window, not one per request.
 */
export class RefusalSummaries {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly open = new Map<string, RefusalSummary & { startedAt: number }>();

  constructor(windowMs: number, now: () => number = Date.now) {
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Counts one refused attempt; returns the summaries whose window has ended (this address's included). */
  note(address: string, email: string): RefusalSummary[] {
    const due = this.due();
    const now = this.now();
    const at = new Date(now).toISOString();
    let summary = this.open.get(address);
    if (!summary) {
      summary = { address, count: 0, first: at, last: at, emails: [], startedAt: now };
      this.open.set(address, summary);
      // Bounded: a spray of addresses closes the oldest windows early rather than growing memory.
      if (this.open.size > MAX_ADDRESSES) due.push(...this.close([this.open.keys().next().value as string]));
    }
    summary.count++;
    summary.last = at;
    const short = email.slice(0, EMAIL_CHARS);
    if (summary.emails.length < MAX_EMAILS && !summary.emails.includes(short)) summary.emails.push(short);
    return due;
  }

  /** The summaries whose window has ended, each returned once. */
  due(): RefusalSummary[] {
    const now = this.now();
    return this.close([...this.open.values()].filter((s) => now - s.startedAt >= this.windowMs).map((s) => s.address));
  }

  /** Every summary still open, ended now (at shutdown). */
  flush(): RefusalSummary[] {
    return this.close([...this.open.keys()]);
  }

  private close(addresses: string[]): RefusalSummary[] {
    return addresses.flatMap((address) => {
      const summary = this.open.get(address);
      if (!summary) return [];
      this.open.delete(address);
      const { startedAt: _started, ...rest } = summary;
      return [rest];
    });
  }
}
