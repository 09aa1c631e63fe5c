import type { z } from "zod";
import type { TextResult } from "./text-result.ts";

/** Longer than any cursor this codec makes for a paging key; a longer one is refused unread. */
const CURSOR_MAX_LENGTH = 200;

export interface CursorCodec<T> {
  /** The key of the last row shown → an opaque string for the `next` link. */
  encode(key: T): string;
  /** A cursor from a request → the key, or why it is not one this codec made. Never throws. */
  decode(cursor: string): TextResult<T>;
}

/**
 * Paging cursors for keys of one known shape: base64url JSON, checked against `schema` on the
 * way back in, since a cursor comes from the client and may be anything.
 */
export function cursorCodec<T>(schema: z.ZodType<T>, maxLength = CURSOR_MAX_LENGTH): CursorCodec<T> {
  const bad = (why: string): TextResult<T> => ({
    ok: false,
    problem: `the paging cursor ${why}; start again from the first page`,
  });
  return {
    encode: (key) => Buffer.from(JSON.stringify(schema.parse(key))).toString("base64url"),
    decode(cursor) {
      if (cursor.length > maxLength) return bad(`is longer than ${maxLength} characters`);
      if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return bad("is not base64url text");
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      } catch {
        return bad("is not one this server made");
      }
      const parsed = schema.safeParse(value);
      return parsed.success ? { ok: true, value: parsed.data } : bad("does not hold a page position");
    },
  };
}
