import { describe, expect, it } from "vitest";
import { translatePlaceholders } from "./placeholders.ts";

describe("translatePlaceholders", () => {
  it("numbers `?` in order", () => {
    expect(translatePlaceholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)")).toEqual({
      text: "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)",
      slots: [{ position: 0 }, { position: 1 }, { position: 2 }],
    });
  });

  it("gives each @name one number, however often it is used", () => {
    expect(translatePlaceholders("UPDATE t SET a = @at, b = @by WHERE c < @at")).toEqual({
      text: "UPDATE t SET a = $1, b = $2 WHERE c < $1",
      slots: [{ name: "at" }, { name: "by" }],
    });
  });

  it("leaves `?` and `@` alone in literals, quoted identifiers, comments and dollar quotes", () => {
    const sql = `SELECT 'a?b''@c?', E'\\'?', "we?ird@", $$?@x$$, $t$?$t$ -- what?
      /* @no? */ FROM t WHERE x = ?`;
    const { text, slots } = translatePlaceholders(sql);
    expect(text).toBe(sql.replace("x = ?", "x = $1"));
    expect(slots).toEqual([{ position: 0 }]);
  });

  it("leaves operators and casts that are not parameters alone", () => {
    expect(translatePlaceholders("SELECT a @> b, c::int, @ -1 FROM t").text).toBe("SELECT a @> b, c::int, @ -1 FROM t");
  });
});
