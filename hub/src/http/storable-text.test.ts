import { describe, expect, it } from "vitest";
import { parseStorableJson, storableText } from "./storable-text.ts";

describe("storableText", () => {
  it("replaces NUL characters and broken surrogates, and leaves other text as it is", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD");
    expect(storableText("x\uD800y\uDC00")).toBe("x\uFFFDy\uFFFD");
    expect(storableText("é😀\t\n\u0001")).toBe("é😀\t\n\u0001");
  });
});

describe("parseStorableJson", () => {
  it("makes every string and member name storable, however deep", () => {
    const text = JSON.stringify({ "k\u0000": ["a\u0000", { deep: "b\uD800" }], n: 1, pair: "😀" });
    expect(parseStorableJson(text)).toEqual({ "k\uFFFD": ["a\uFFFD", { deep: "b\uFFFD" }], n: 1, pair: "😀" });
  });

  it("keeps an escaped backslash followed by u0000 as that text", () => {
    expect(parseStorableJson(String.raw`{"a":"\\u0000","b":"\ud83d\ude00"}`)).toEqual({ a: "\\u0000", b: "😀" });
  });

  it("makes a member named __proto__ an own member, not the object's prototype", () => {
    const parsed = parseStorableJson('{"__proto__":{"polluted":1},"x":"\\u0000"}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__", "x"]);
  });

  it("fails as JSON.parse does on text that is not JSON", () => {
    expect(() => parseStorableJson('{"a":"\\u0000"')).toThrow(SyntaxError);
  });
});
