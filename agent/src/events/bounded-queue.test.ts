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
});
