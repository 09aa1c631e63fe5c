import type { z } from "zod";
import { readYamlText } from "./yaml-text.ts";
import { issueLines } from "./zod-issues.ts";

/** A value checked against a schema, or every problem found ("path: message" lines). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** A value against a schema, every problem reported at once. */
export function checkValue<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: issueLines(result.error.issues) };
}

/** YAML text read and checked against a schema: a syntax error (with line and column) or every schema problem. */
export function checkYamlText<S extends z.ZodType>(schema: S, text: string): Checked<z.output<S>> {
  const read = readYamlText(text);
  return read.ok ? checkValue(schema, read.value) : { ok: false, problems: [read.problem] };
}
