import { describe, expect, it } from "vitest";
import type { PackedResponse } from "../dns/packed-response.ts";
import { AnswerCache, ENTRY_OVERHEAD_BYTES } from "./answer-cache.ts";

const limits = { maxEntries: 3, maxBytes: 10_000, maxTtl: 3600, minTtl: 0, staleSeconds: 60 };
const answer = (size = 10, fill = "a"): PackedResponse => ({ wire: fill.repeat(size), length: size, optStart: -1 });

describe("AnswerCache", () => {
  it("expires by TTL and serves stale only when asked, within the stale window", () => {
    const cache = new AnswerCache(limits);
    cache.set("a", answer(10, "x"), 10, 0);
    expect(cache.get("a", 9_999)?.ageSeconds).toBe(9);
    expect(cache.get("a", 9_999)?.entry).toMatchObject(answer(10, "x"));
    expect(cache.get("a", 10_000)).toBeNull();
    expect(cache.get("a", 10_000, true)).toMatchObject({ stale: true, ageSeconds: 10 });
    expect(cache.get("a", 70_000, true)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("clamps TTLs and does not keep zero-TTL answers", () => {
    const cache = new AnswerCache({ ...limits, maxTtl: 60, minTtl: 5 });
    cache.set("big", answer(), 86_400, 0);
    expect(cache.get("big", 61_000)).toBeNull();
    const zero = new AnswerCache(limits);
    zero.set("z", answer(), 0, 0);
    expect(zero.size).toBe(0);
  });

  it("keys a question by name, type, class, DO and CD, and by nothing else", () => {
    const key = AnswerCache.key;
    const base = key("example.com", 1, 1, false, false);
    expect(key("example.com", 1, 1, false, false)).toBe(base);
    const others = [
      key("example.co", 1, 1, false, false),
      key("example.com", 28, 1, false, false),
      key("example.com", 256 + 1, 1, false, false),
      key("example.com", 1, 3, false, false),
      key("example.com", 1, 1, true, false),
      key("example.com", 1, 1, false, true),
      key("example.com", 1, 1, true, true),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    // The longest presentation name: every byte of a 63-byte label escaped, four labels.
    const longest = Array.from({ length: 4 }, (_, i) => "\\255".repeat(i < 3 ? 63 : 61)).join(".");
    expect(key(longest, 1, 1, false, false).startsWith(longest)).toBe(true);
    expect(() => key("a".repeat(2000), 1, 1, false, false)).toThrow(RangeError);
  });

  it("evicts the oldest unread entry first (second chance) and stays within its bounds", () => {
    const cache = new AnswerCache(limits);
    cache.set("a", answer(), 60, 0);
    cache.set("b", answer(), 60, 0);
    cache.set("c", answer(), 60, 0);
    cache.get("a", 1);
    cache.set("d", answer(), 60, 0);
    expect(cache.get("a", 1)).not.toBeNull();
    expect(cache.get("b", 1)).toBeNull();
    expect(cache.size).toBe(3);
    // Bytes count each entry's bookkeeping too (its answer, key and overhead), so 4 fit here.
    const each = 30 + 2 + ENTRY_OVERHEAD_BYTES;
    const small = new AnswerCache({ ...limits, maxEntries: 100, maxBytes: 5 * each - 1 });
    for (let i = 0; i < 10; i++) small.set(`k${i}`, answer(30), 60, 0);
    expect(small.byteSize).toBeLessThan(5 * each);
    expect(small.size).toBe(4);
    expect(small.byteSize).toBe(4 * (30 + 2 + ENTRY_OVERHEAD_BYTES));
  });
});
