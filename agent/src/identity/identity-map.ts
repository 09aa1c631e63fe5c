/** Who the network says is behind one address, until `expiresAt` (milliseconds since the epoch). */
export interface NetworkIdentity {
  /** The user name as the identity source gave it (for events). */
  user: string | null;
  /** `user` in lower case: the key into the policy's logins. */
  login: string | null;
  /** The station's MAC, lower case with colons. */
  mac: string | null;
  /** The accounting session that set it: only its own Stop removes it. */
  session: string | null;
  /** The controller or switch that sent it: its Accounting-On or -Off (a restart) ends it. */
  source: string;
  expiresAt: number;
}

/** A change to the map: an address and what it now maps to (null: nothing). */
export type IdentityChange = [address: string, identity: NetworkIdentity | null];

/**
 * Address → network identity, with lease lifetimes and a bound. Refreshing an address moves it
 * to the back, so that past `max` the least recently refreshed address is dropped (and counted).
 * Expired entries are never returned and are removed by `sweep`. Every change is told to
 * the watcher, so that copies of the map on other threads can follow it.
 */
export class IdentityMap {
  private readonly entries = new Map<string, NetworkIdentity>();
  /** Addresses dropped to stay within `max`. */
  dropped = 0;

  private readonly max: number;
  private onChange: (change: IdentityChange) => void = () => {};

  constructor(max: number) {
    this.max = max;
  }

  /** Tells `listener` of every change from now on (one listener: the feed to the DNS workers). */
  watch(listener: (change: IdentityChange) => void): void {
    this.onChange = listener;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The identity behind `address` at `now`, or null (none, or expired). */
  get(address: string, now: number): NetworkIdentity | null {
    const found = this.entries.get(address);
    return found && found.expiresAt > now ? found : null;
  }

  /** A session started or was refreshed (Start, Interim-Update): sets the address, whatever it held. */
  set(address: string, identity: NetworkIdentity): void {
    this.entries.delete(address);
    if (this.entries.size >= this.max) this.dropOldest();
    this.entries.set(address, identity);
    this.onChange([address, identity]);
  }

  /** A session ended (Stop): the address is freed only if it still belongs to that session. */
  end(address: string, session: string | null): boolean {
    const found = this.entries.get(address);
    if (!found || found.session !== session) return false;
    this.remove(address);
    return true;
  }

  /** A controller restarted (Accounting-On / -Off): every session it reported has ended. */
  endAllFrom(source: string): number {
    let removed = 0;
    for (const [address, identity] of this.entries) {
      if (identity.source !== source) continue;
      this.remove(address);
      removed++;
    }
    return removed;
  }

  /** Removes expired entries; returns how many. */
  sweep(now: number): number {
    let removed = 0;
    for (const [address, identity] of this.entries) {
      if (identity.expiresAt > now) continue;
      this.remove(address);
      removed++;
    }
    return removed;
  }

  /** Applies a change made elsewhere (a DNS worker's copy following the main thread's map). */
  apply([address, identity]: IdentityChange): void {
    if (identity) this.set(address, identity);
    else this.remove(address);
  }

  /** Every entry, as changes that rebuild the map elsewhere. */
  all(): IdentityChange[] {
    return [...this.entries];
  }

  private remove(address: string): void {
    if (this.entries.delete(address)) this.onChange([address, null]);
  }

  private dropOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done) return;
    this.remove(oldest.value);
    this.dropped++;
  }
}
