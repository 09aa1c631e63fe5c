import { wireEventSchema } from "@fenceline/shared";
import { describe, expect, it } from "vitest";
import { wireEvent } from "./wire-event.ts";

describe("wire events", () => {
  it("take the longest name a query can carry once escaped (labels of \\DDD, 1,003 characters)", () => {
    const label = "\\255".repeat(63);
    const longest = [label, label, label, "\\255".repeat(61)].join(".");
    expect(longest.length).toBe(1003);
    expect(wireEventSchema.safeParse(wireEvent({ name: longest, rule: longest })).success).toBe(true);
    expect(wireEventSchema.safeParse(wireEvent({ name: "x".repeat(1025) })).success).toBe(false);
  });
});
