/** A value COPY's text format can carry: text, a number, or null. */
export type CopyValue = string | number | null;

/** Backslash, tab, newline and carriage return: the characters COPY's text format escapes. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value as a field of COPY's text format: `\N` for null, the four special characters escaped. */
export function copyField(value: CopyValue): string {
  if (value === null) return "\\N";
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : text;
}

/** Rows as the data of `COPY … FROM STDIN` in text format: fields by tabs, each row ended by a newline. */
export function copyText(rows: readonly (readonly CopyValue[])[]): string {
  let text = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += (i === 0 ? "" : "\t") + copyField(row[i] as CopyValue);
    text += "\n";
  }
  return text;
}
