import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkYamlText } from "./checked-yaml.ts";
import { readYamlText } from "./yaml-text.ts";

describe("readYamlText", () => {
  it.each([
    ["a: 1\nb: [x, y]\n", { a: 1, b: ["x", "y"] }],
    ["", null],
    ["- 1\n- 2\n", [1, 2]],
  ])("reads %j", (text, value) => {
    expect(readYamlText(text)).toEqual({ ok: true, value });
  });

  it.each([
    [
      "listen: [\n",
      "line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
    ["a: 1\na: 2\n", "line 2, column 1: Map keys must be unique"],
    ["\tx: 1\n", "line 1, column 1: Tabs are not allowed as indentation"],
    ['key: "open\n', 'line 2, column 1: Missing closing "quote'],
  ])("refuses %j with its line and column", (text, problem) => {
    expect(readYamlText(text)).toEqual({ ok: false, problem });
  });
});

describe("checkYamlText", () => {
  const schema = z.strictObject({ port: z.number() });
  it.each([
    ["port: 53\n", { ok: true, value: { port: 53 } }],
    ["port: x\n", { ok: false, problems: ["port: Invalid input: expected number, received string"] }],
    ["port: [\n", { ok: false, problems: [expect.stringMatching(/^line 2, column 1: /)] }],
  ])("%j", (text, expected) => {
    expect(checkYamlText(schema, text)).toEqual(expected);
  });
});
