/**
 * Values between JavaScript and PostgreSQL's text format, read the way better-sqlite3 reads
 * SQLite's: integers, floats, int8, numeric and counts as JS numbers (the hub's figures fit in a
 * double), booleans as 1/0, bytea as a Buffer, NULL as null, everything else (text, timestamps,
 * json) as its text. Parameters bind as better-sqlite3 binds them: numbers, bigints, strings,
 * buffers and null; anything else is refused.
 */

const BOOL = 16;
const BYTEA = 17;
const NUMBER_TYPES = new Set([
  20, // int8
  21, // int2
  23, // int4
  26, // oid
  700, // float4
  701, // float8
  1700, // numeric
]);

/** A column's value from its text and type oid. */
export function readPgValue(text: string, typeOid: number): unknown {
  if (NUMBER_TYPES.has(typeOid)) return Number(text);
  if (typeOid === BOOL) return text === "t" ? 1 : 0;
  if (typeOid === BYTEA) return Buffer.from(text.slice(2), "hex");
  return text;
}

/** A parameter in the text format libpq sends (null for SQL NULL). */
export function writePgValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  throw new TypeError(
    `PostgreSQL parameters can only be numbers, strings, bigints, buffers and null, not ${typeof value}`,
  );
}
