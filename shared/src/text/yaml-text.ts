import { parse, YAMLParseError } from "yaml";
import type { TextResult } from "./text-result.ts";

/** YAML text → value; a syntax error becomes "line L, column C: what is wrong". No file I/O. */
export function readYamlText(text: string): TextResult<unknown> {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const at = error.linePos?.[0];
    // The parser's message repeats the position and quotes the source lines after its first line.
    const what = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "");
    return { ok: false, problem: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${what}` };
  }
}
