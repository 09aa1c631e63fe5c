import { describe, expect, it } from "vitest";
import { decodeExport, readCsvTable } from "./csv-table.ts";

describe("readCsvTable", () => {
  it("reads quoted cells, commas and line breaks in quotes, a byte-order mark, mixed line ends and blank lines", () => {
    const table = readCsvTable('\ufeffName,UPN\r\nAda,1\r\n\r\n"Bo, b","2\nx"\nCy,3\n,\n');
    expect(table.headers).toEqual(["Name", "UPN"]);
    expect(table.rows).toEqual([
      { line: 2, cells: { Name: "Ada", UPN: "1" } },
      { line: 5, cells: { Name: "Bo, b", UPN: "2\nx" } },
      { line: 6, cells: { Name: "Cy", UPN: "3" } },
    ]);
  });

  it("fills missing cells with empty text and ignores extra ones", () => {
    expect(readCsvTable("A,B\n1\n2,3,4\n").rows.map((r) => r.cells)).toEqual([
      { A: "1", B: "" },
      { A: "2", B: "3" },
    ]);
  });

  it.each([
    ["an empty file", "", /empty/],
    ["an unclosed quote", 'A,B\n1,"2\n3,4\n', /line 3/],
    ["a repeated header", "A,A\n1,2\n", /"A" appears twice/],
  ])("refuses %s", (_name, text, message) => {
    expect(() => readCsvTable(text)).toThrow(message);
  });

  it("refuses a file over its byte or row limit as too large", () => {
    const limits = { maxBytes: 100, maxRows: 2 };
    expect(() => readCsvTable(`A\n${"x".repeat(100)}\n`, limits)).toThrow(
      expect.objectContaining({ code: "payload-too-large" }),
    );
    expect(() => readCsvTable("A\n1\n2\n3\n", limits)).toThrow(/over 2 rows/);
    expect(readCsvTable("A\n1\n2\n", limits).rows).toHaveLength(2);
  });
});

describe("decodeExport", () => {
  it("reads UTF-8, and falls back to Windows-1252 for older exports", () => {
    expect(decodeExport(new TextEncoder().encode("Zoë,Ñ"))).toBe("Zoë,Ñ");
    expect(decodeExport(Uint8Array.from([0x5a, 0x6f, 0xeb, 0x2c, 0x80]))).toBe("Zoë,€");
  });
});
