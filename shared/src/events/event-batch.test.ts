import { describe, expect, it } from "vitest";
import { wireEventSchema } from "./event-batch.ts";

const event = (name: string) => ({
  id: "0123456789",
  time: 1_700_000_000_000,
  clientAddress: "10.0.0.5",
  group: "students",
  hostname: null,
  mac: null,
  name,
  qtype: 1,
  outcome: "blocked",
  categories: ["adult"],
  monitored: [],
  list: "adult-list",
  listVersion: "v1",
  rule: "example.com",
  locked: false,
  detail: null,
});

describe("wire events", () => {
  it("take the longest name a query can carry once escaped (four 63-byte labels of \\DDD)", () => {
    const label = "\\255".repeat(63);
    const longest = [label, label, label, "\\255".repeat(61)].join(".");
    expect(longest.length).toBeGreaterThan(1000);
    expect(wireEventSchema.safeParse(event(longest)).success).toBe(true);
    expect(wireEventSchema.safeParse(event("x".repeat(1025))).success).toBe(false);
  });
});
