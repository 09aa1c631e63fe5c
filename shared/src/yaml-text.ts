import { parse, YAMLParseError } from "yaml";

/** Parses YAML, turning a syntax error into the caller's error with its line and column. */
export function readYaml(text: string, toError: (problem: string) => Error): unknown {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw toError(`${at ? `line ${at.line}, column ${at.col}: ` : ""}${error.message.split("\n")[0]}`);
    }
    throw error;
  }
}
