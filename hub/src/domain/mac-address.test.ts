import { describe, expect, it } from "vitest";
import { normaliseMac } from "./mac-address.ts";

describe("normaliseMac", () => {
  it.each([
    ["aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"],
    ["AA-BB-CC-DD-EE-0F", "aa:bb:cc:dd:ee:0f"],
    ["aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff"],
    [" AABBCCDDEEFF ", "aa:bb:cc:dd:ee:ff"],
    ["aa:bb:cc:dd:ee", null],
    ["aa:bb:cc:dd:ee:fg", null],
    ["aa:bb:cc:dd:ee:ff:00", null],
    ["", null],
    ["10.0.0.1", null],
  ])("%j → %j", (text, expected) => {
    expect(normaliseMac(text)).toBe(expected);
  });
});
