import { describe, expect, it } from "vitest";
import { sortByLaneA } from "./radix-order.ts";

describe("sortByLaneA", () => {
  it("sorts as unsigned numbers, moves each entry whole and keeps equal keys in their order", () => {
    const a = Int32Array.from([5, -1, 0, 5, 2 ** 31 - 1, -(2 ** 31), 3]);
    const keys = { a, b: Int32Array.from(a.keys()), lists: Uint16Array.from(a.keys(), (i) => i * 10) };
    const sorted = sortByLaneA(keys, a.length);
    expect([...sorted.a].map((x) => x >>> 0)).toEqual([0, 3, 5, 5, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]);
    expect([...sorted.b]).toEqual([2, 6, 0, 3, 4, 5, 1]);
    expect([...sorted.lists]).toEqual([20, 60, 0, 30, 40, 50, 10]);
    expect([...keys.a]).toEqual([...a]);
  });

  it("agrees with a comparison sort on random keys", () => {
    const a = Int32Array.from({ length: 50_000 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) ^ (i >>> 3));
    const sorted = sortByLaneA({ a, b: a.slice(), lists: new Uint16Array(a.length) }, a.length);
    expect([...sorted.a].map((x) => x >>> 0)).toEqual([...a].map((x) => x >>> 0).sort((x, y) => x - y));
    expect([...sorted.b]).toEqual([...sorted.a]);
  });
});
