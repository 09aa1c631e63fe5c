import { describe, expect, it } from "vitest";
import type { ReportDocument } from "../domain/report-document.ts";
import { renderCsv } from "./render-csv.ts";

const doc = (tables: { title: string; columns: string[]; rows: (string | number)[][] }[]): ReportDocument => ({
  kind: "incident-log",
  title: "t",
  audience: "a",
  period: { from: "", to: "", label: "" },
  sites: [],
  generatedAt: "",
  generatedBy: "",
  dataVersion: "",
  introduction: "",
  sections: [
    { heading: "h", explanation: "e", items: tables.map((t) => ({ kind: "table" as const, empty: "", ...t })) },
  ],
});

describe("renderCsv", () => {
  it("quotes commas, quotes and line breaks, and keeps numbers as numbers", () => {
    const csv = renderCsv(
      doc([{ title: "T", columns: ["a", "b", "c"], rows: [['say "hi", then', "two\nlines", 42]] }]),
    );
    expect(csv).toBe('a,b,c\r\n"say ""hi"", then","two\nlines",42\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const csv = renderCsv(
      doc([{ title: "T", columns: ["x"], rows: [['=HYPERLINK("http://evil")'], ["+1"], ["@SUM(A1)"], [-5]] }]),
    );
    expect(csv.split("\r\n").slice(1, 5)).toEqual(['"\'=HYPERLINK(""http://evil"")"', "'+1", "'@SUM(A1)", "-5"]);
  });

  it("defuses a cell starting with a tab or a carriage return, as OWASP lists them", () => {
    const csv = renderCsv(doc([{ title: "T", columns: ["x"], rows: [["\t=1+1"], ["\r=1+1"]] }]));
    expect(csv).toBe("x\r\n'\t=1+1\r\n\"'\r=1+1\"\r\n");
  });

  it("gives each table a title line when there are several", () => {
    const csv = renderCsv(
      doc([
        { title: "First", columns: ["a"], rows: [[1]] },
        { title: "Second", columns: ["b"], rows: [] },
      ]),
    );
    expect(csv).toBe("First\r\na\r\n1\r\n\r\nSecond\r\nb\r\n\r\n");
  });
});
