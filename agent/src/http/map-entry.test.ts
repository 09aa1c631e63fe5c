import { describe, expect, it } from "vitest";
import { entryOf } from "./map-entry.ts";

describe("entryOf", () => {
  it("makes and stores a value once, then returns the stored one", () => {
    const map = new Map<string, number[]>();
    let made = 0;
    const make = () => {
      made++;
      return [];
    };
    entryOf(map, "a", make).push(1);
    entryOf(map, "a", make).push(2);
    expect(map.get("a")).toEqual([1, 2]);
    expect(made).toBe(1);
  });
});
