import type { PackedResponse } from "../dns/packed-response.ts";
import type { QueryPacket } from "../dns/query-packet.ts";

/** A cached answer: the packed upstream response, flattened into the entry (one object each). */
export interface CachedAnswer extends PackedResponse {
  storedAt: number;
  /** Seconds the answer is fresh for. */
  ttl: number;
  /** Read since it last reached the front of the eviction order (second chance). */
  used: boolean;
}

export interface CacheLimits {
  maxEntries: number;
  maxBytes: number;
  /** Longest and shortest time an answer is kept fresh, whatever its TTL says. */
  maxTtl: number;
  minTtl: number;
  /** How long past expiry an answer may still be served while upstreams are down (RFC 8767). */
  staleSeconds: number;
}

/**
 * Memory an entry takes beyond its packed answer and its key: the map slot and the entry object.
 * `pnpm bench:cache` measures 220–310 bytes in RSS at 100,000–300,000 entries with the agent's V8
 * flags (a small cache reads higher, as the heap grows in steps). Counted so that `maxBytes`
 * bounds the memory the cache really uses.
 */
export const ENTRY_OVERHEAD_BYTES = 320;

function entrySize(key: string, answer: PackedResponse): number {
  return answer.wire.length + key.length + ENTRY_OVERHEAD_BYTES;
}

/** Room for the longest presentation name (253 characters, each escaped as \DDD) and a key's suffix. */
const keyScratch = Buffer.allocUnsafeSlow(4 * 253 + 8);

export interface CacheHit {
  entry: CachedAnswer;
  ageSeconds: number;
  stale: boolean;
}

/**
 * Upstream answers by question (name, type, class, DO, CD), bounded by entries and bytes. Eviction
 * is second-chance (CLOCK): the oldest entry goes unless it was read since, in which case it moves
 * to the back once; a hit only sets a flag, never reorders the map. Only upstream answers are
 * stored, never policy decisions, so a list or policy change applies to the very next query.
 */
export class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private readonly limits: CacheLimits;

  constructor(limits: CacheLimits) {
    this.limits = limits;
  }

  /**
   * The question as one flat string: the name's Latin-1 bytes (presentation names are ASCII), then
   * five bytes for type, class and the DO and CD bits. Written into a buffer and read back whole,
   * it is flat from the start: a key built by a template is a tree of string pieces that every
   * lookup had to flatten before hashing (0.1–0.3 µs a query), and that the map would have kept
   * at about 160 bytes for a 30-character name instead of 48. The suffix has a fixed length, so
   * no two questions share a key.
   */
  static key(name: string, qtype: number, qclass: number, dnssecOk: boolean, checkingDisabled: boolean): string {
    if (name.length > keyScratch.length - 5) throw new RangeError(`name too long for a cache key: ${name.length}`);
    const end = keyScratch.write(name, 0, "latin1");
    keyScratch[end] = qtype >> 8;
    keyScratch[end + 1] = qtype & 0xff;
    keyScratch[end + 2] = qclass >> 8;
    keyScratch[end + 3] = qclass & 0xff;
    keyScratch[end + 4] = (dnssecOk ? 1 : 0) | (checkingDisabled ? 2 : 0);
    return keyScratch.toString("latin1", 0, end + 5);
  }

  /** A fresh answer, or with `allowStale` one expired less than `staleSeconds` ago. */
  get(key: string, now: number, allowStale = false): CacheHit | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const ageSeconds = Math.floor((now - entry.storedAt) / 1000);
    const stale = ageSeconds >= entry.ttl;
    if (stale && (!allowStale || ageSeconds >= entry.ttl + this.limits.staleSeconds)) {
      if (ageSeconds >= entry.ttl + this.limits.staleSeconds) this.remove(key, entry);
      return null;
    }
    entry.used = true;
    return { entry, ageSeconds, stale };
  }

  /** Stores an answer for `ttl` seconds (clamped to the limits); a zero TTL is not stored. */
  set(key: string, answer: PackedResponse, ttl: number, now: number): void {
    const kept = Math.min(this.limits.maxTtl, Math.max(this.limits.minTtl, ttl));
    const size = entrySize(key, answer);
    if (kept <= 0 || size > this.limits.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const { wire, length, optStart } = answer;
    this.entries.set(key, { wire, length, optStart, storedAt: now, ttl: kept, used: false });
    this.bytes += size;
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, CachedAnswer];
      this.entries.delete(oldestKey);
      if (oldest.used && this.entries.size > 0) {
        oldest.used = false;
        this.entries.set(oldestKey, oldest);
      } else {
        this.bytes -= entrySize(oldestKey, oldest);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  private remove(key: string, entry: CachedAnswer): void {
    this.entries.delete(key);
    this.bytes -= entrySize(key, entry);
  }
}

/** A question's cache key, made once per query however many stages ask for it. */
export function questionKey(query: QueryPacket): string {
  query.cacheKey ??= AnswerCache.key(query.name, query.qtype, query.qclass, query.dnssecOk, query.cd);
  return query.cacheKey;
}
