import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cursorCodec } from "./paging-cursor.ts";

const codec = cursorCodec(z.strictObject({ time: z.iso.datetime(), id: z.string().min(1) }));
const base64url = (text: string) => Buffer.from(text).toString("base64url");

describe("cursorCodec", () => {
  it("gives back the key it encoded, as opaque base64url text", () => {
    const key = { time: "2026-01-05T10:00:00.000Z", id: "e-123" };
    const cursor = codec.encode(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor)).toEqual({ ok: true, value: key });
  });

  it("will not encode a key of another shape", () => {
    expect(() => codec.encode({ time: "yesterday", id: "x" })).toThrow();
  });

  it.each([
    ["not base64url", "zz!", /not base64url/],
    ["empty", "", /not base64url/],
    ["base64url of no JSON", "zz", /not one this server made/],
    ["a number", base64url("42"), /does not hold a page position/],
    ["null", base64url("null"), /does not hold a page position/],
    ["a string", base64url('"x"'), /does not hold a page position/],
    ["an object of another shape", base64url('{"page":2}'), /does not hold a page position/],
    ["an extra field", base64url('{"time":"2026-01-05T10:00:00.000Z","id":"a","x":1}'), /page position/],
    ["a bad time", base64url('{"time":"soon","id":"a"}'), /does not hold a page position/],
    ["too long", "a".repeat(201), /longer than 200 characters/],
  ])("refuses %s, never throwing", (_what, cursor, problem) => {
    const decoded = codec.decode(cursor);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toMatch(problem);
  });
});
