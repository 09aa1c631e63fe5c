/**
 * Text every store can hold as it was sent. PostgreSQL's text holds no NUL character and its JSON
 * no broken UTF-16 surrogate (SQLite holds both): a request carrying either failed there, an agent's
 * batch again at every retry. Both become U+FFFD, the replacement character, on either store.
 */
export function storableText(text: string): string {
  return text.includes("\0") || !text.isWellFormed() ? text.toWellFormed().replaceAll("\0", "\uFFFD") : text;
}

/** A JSON text may hold such a string only through an escape: `\u0000`, or `\uD800` to `\uDFFF`. */
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

/** JSON.parse, with every string and member name made storable; a text without such an escape is parsed as is. */
export function parseStorableJson(text: string): unknown {
  return UNSTORABLE_ESCAPE.test(text) ? JSON.parse(text, storableValue) : JSON.parse(text);
}

function storableValue(_key: string, value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const names = Object.keys(value);
  if (names.every((name) => storableText(name) === name)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, member]) => [storableText(name), member]));
}
