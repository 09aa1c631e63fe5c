import { describe, expect, it } from "vitest";
import { normaliseName } from "./host-name.ts";

describe("normaliseName", () => {
  it.each([
    ["Example.COM.", "example.com"],
    ["  www.example.org ", "www.example.org"],
    ["Bücher.example", "xn--bcher-kva.example"],
    ["a..b", "bad-label"],
    ["10.0.0.1", "ip-address"],
    ["intranet", "single-label"],
    ["bad_char!.com", "not-a-host-name"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});
