import { describe, expect, it } from "vitest";
import { copyField, copyText } from "./copy-text.ts";

describe("COPY's text format", () => {
  it("writes null as \\N and a backslash, tab, newline and carriage return as escapes", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField("\\N")).toBe("\\\\N");
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyField("\\.")).toBe("\\\\.");
  });

  it("writes numbers and plain text as they are", () => {
    expect(copyField(42)).toBe("42");
    expect(copyField("süß 漢字 \u0001 'quoted' \"too\"")).toBe("süß 漢字 \u0001 'quoted' \"too\"");
  });

  it("separates fields by tabs and ends each row with a newline", () => {
    expect(
      copyText([
        ["a", null, 1],
        ["b\tc", "", 2],
      ]),
    ).toBe("a\t\\N\t1\nb\\tc\t\t2\n");
    expect(copyText([])).toBe("");
  });
});
