import { describe, expect, it } from "vitest";
import type { ResponseLayout } from "../dns/response-records.ts";
import { AnswerCache, ENTRY_OVERHEAD_BYTES } from "./answer-cache.ts";

const layout: ResponseLayout = {
  rcode: 0,
  truncated: false,
  ttlOffsets: [30],
  minTtl: 10,
  negativeTtl: null,
  answerCount: 1,
  optStart: -1,
  questionEnd: 20,
};
const limits = { maxEntries: 3, maxBytes: 10_000, maxTtl: 3600, minTtl: 0, staleSeconds: 60 };
const answer = (size = 10) => new Uint8Array(size);

describe("AnswerCache", () => {
  it("expires by TTL and serves stale only when asked, within the stale window", () => {
    const cache = new AnswerCache(limits);
    cache.set("a", answer(), layout, 10, 0);
    expect(cache.get("a", 9_999)?.ageSeconds).toBe(9);
    expect(cache.get("a", 9_999)?.entry.layout).toEqual(layout);
    expect(cache.get("a", 10_000)).toBeNull();
    expect(cache.get("a", 10_000, true)).toMatchObject({ stale: true, ageSeconds: 10 });
    expect(cache.get("a", 70_000, true)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("clamps TTLs and does not keep zero-TTL answers", () => {
    const cache = new AnswerCache({ ...limits, maxTtl: 60, minTtl: 5 });
    cache.set("big", answer(), layout, 86_400, 0);
    expect(cache.get("big", 61_000)).toBeNull();
    const zero = new AnswerCache(limits);
    zero.set("z", answer(), layout, 0, 0);
    expect(zero.size).toBe(0);
  });

  it("evicts the oldest unread entry first (second chance) and stays within its bounds", () => {
    const cache = new AnswerCache(limits);
    cache.set("a", answer(), layout, 60, 0);
    cache.set("b", answer(), layout, 60, 0);
    cache.set("c", answer(), layout, 60, 0);
    cache.get("a", 1);
    cache.set("d", answer(), layout, 60, 0);
    expect(cache.get("a", 1)).not.toBeNull();
    expect(cache.get("b", 1)).toBeNull();
    expect(cache.size).toBe(3);
    // Bytes count each entry's bookkeeping too: 30 + 2 + 1,100 bytes each, so 4 fit in 5,000.
    const small = new AnswerCache({ ...limits, maxEntries: 100, maxBytes: 5000 });
    for (let i = 0; i < 10; i++) small.set(`k${i}`, answer(30), layout, 60, 0);
    expect(small.byteSize).toBeLessThanOrEqual(5000);
    expect(small.size).toBe(4);
    expect(small.byteSize).toBe(4 * (30 + 2 + ENTRY_OVERHEAD_BYTES));
  });
});
