import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readYamlText } from "../text/yaml-text.ts";
import { parseList } from "./parse-list.ts";

/** The tables of lines, kept in YAML beside this file. */
const cases = readYamlText(readFileSync(new URL("./parse-list.cases.yaml", import.meta.url), "utf8"));
if (!cases.ok) throw new Error(`parse-list.cases.yaml: ${cases.problem}`);
const CASES = cases.value as {
  accepted: { what: string; line: string; names: string[] }[];
  rejected: { what: string; line: string; reason: string }[];
};

function parse(text: string | Uint8Array) {
  const names: string[] = [];
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const report = parseList(bytes, (name, length) => names.push(new TextDecoder().decode(name.subarray(0, length))));
  return { names, report };
}

describe("parseList accepts every list format", () => {
  it.each(CASES.accepted)("$what", ({ line, names: expected }) => {
    const { names, report } = parse(`${line}\n`);
    expect(names).toEqual(expected);
    expect(report.rejected).toBe(0);
  });

  it("skips comments, blank lines, adblock headers and hosts boilerplate without rejecting them", () => {
    const text =
      "# comment\n! adblock comment\n[Adblock Plus 2.0]\n\n   \n127.0.0.1 localhost\n::1 ip6-localhost\n0.0.0.0 0.0.0.0\nexample.com\n";
    const { names, report } = parse(text);
    expect(names).toEqual(["example.com"]);
    expect(report).toMatchObject({ lines: 9, entries: 1, skipped: 8, rejected: 0 });
  });

  it("drops a byte-order mark and reads CRLF files", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("a.example\r\nb.example\r\n")]);
    expect(parse(bytes).names).toEqual(["a.example", "b.example"]);
  });
});

describe("parseList rejects bad lines with their line numbers", () => {
  const nameOver253 = { what: "name over 253", line: `${"abcdefghi.".repeat(26)}com`, reason: "too-long" };
  it.each([...CASES.rejected, nameOver253])("$what", ({ line, reason }) => {
    const { names, report } = parse(`good.example\n${line}\n`);
    expect(names).toEqual(["good.example"]);
    expect(report.rejected).toBe(1);
    expect(report.reasons).toEqual({ [reason]: 1 });
    expect(report.samples[0]).toMatchObject({ line: 2, reason });
  });

  it("keeps counting past the sample limit", () => {
    const { report } = parse("bad\n".repeat(80));
    expect(report.rejected).toBe(80);
    expect(report.samples).toHaveLength(50);
    expect(report.samples[49]?.line).toBe(50);
  });
});
