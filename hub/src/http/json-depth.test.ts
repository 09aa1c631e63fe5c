import { describe, expect, it } from "vitest";
import { jsonDepthScanner, jsonDepthWithin } from "./json-depth.ts";

const within = (text: string, max: number) => jsonDepthWithin(Buffer.from(text), max);

describe("jsonDepthWithin", () => {
  it.each([
    ["a flat object", '{"a":1}', 1, true],
    ["an object in an array", '[{"a":1}]', 1, false],
    ["an object in an array", '[{"a":1}]', 2, true],
    ["brackets inside a string", '{"a":"[[[[{{{{"}', 1, true],
    ["an escaped quote before brackets in a string", '{"a":"\\"[[[["}', 1, true],
    ["an escaped backslash ending a string", '{"a":"\\\\"}', 1, true],
    ["siblings, not nesting", "[[],[],[],[]]", 2, true],
    ["a scalar", "42", 0, true],
  ])("%s: %s within %d is %s", (_what, text, max, expected) => {
    expect(within(text, max)).toBe(expected);
  });

  it("refuses millions of [ in one linear pass", () => {
    const started = performance.now();
    expect(jsonDepthWithin(Buffer.alloc(16 * 1024 * 1024, "["), 64)).toBe(false);
    expect(jsonDepthWithin(Buffer.from(`${"[".repeat(64)}${"]".repeat(64)}`), 64)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("jsonDepthScanner", () => {
  it("carries strings, escapes and depth across pieces", () => {
    const scan = jsonDepthScanner(2);
    expect(scan(Buffer.from('[{"a":"\\'))).toBe(true);
    expect(scan(Buffer.from('"[[[["},'))).toBe(true);
    expect(scan(Buffer.from("{}]"))).toBe(true);
    expect(scan(Buffer.from("[["))).toBe(true);
    expect(scan(Buffer.from("["))).toBe(false);
  });
});
