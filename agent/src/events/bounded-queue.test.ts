import { describe, expect, it } from "vitest";
import { BoundedQueue } from "./bounded-queue.ts";

describe("BoundedQueue", () => {
  it("drops and counts the oldest when full", () => {
    const queue = new BoundedQueue<number>(3);
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(queue.dropped).toBe(2);
    expect(queue.drain(2)).toEqual([3, 4]);
    queue.push(6);
    expect(queue.drain()).toEqual([5, 6]);
    expect(queue.size).toBe(0);
  });

  it("weighs what it holds and drops: events in rows of them", () => {
    const rows = new BoundedQueue<{ count: number }>(2, (row) => row.count);
    rows.push({ count: 100 });
    rows.push({ count: 40 });
    expect(rows.weight).toBe(140);
    rows.push({ count: 7 });
    expect(rows.dropped).toBe(100);
    expect(rows.weight).toBe(47);
    expect(rows.drain(1)).toEqual([{ count: 40 }]);
    expect(rows.weight).toBe(7);
  });
});
