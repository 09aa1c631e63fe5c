/**
 * The uncompressed wire name at `p` in `raw` (already checked by the caller) in presentation form
 * (RFC 1035 section 5.1), lower-cased: labels joined by dots, and within a label a dot or a
 * backslash escaped as "\." and "\\", and bytes outside printable ASCII as "\DDD". Without the
 * escapes a label holding a dot would read like two labels: "a.b" + "com" like "a" + "b" + "com",
 * two names with one cache key (a client could then poison the answer others get).
 */
export function presentationName(raw: Uint8Array, p: number): string {
  let name = "";
  for (let length = raw[p] as number; length !== 0; length = raw[p] as number) {
    if (name !== "") name += ".";
    for (let i = p + 1; i <= p + length; i++) name += presentByte(raw[i] as number);
    p += length + 1;
  }
  return name;
}

/** Whether a label byte needs an escape in presentation form. */
export function needsEscape(c: number): boolean {
  return c === 46 || c === 92 || c <= 32 || c >= 127;
}

function presentByte(c: number): string {
  if (c === 46 || c === 92) return `\\${String.fromCharCode(c)}`;
  if (c <= 32 || c >= 127) return `\\${c.toString().padStart(3, "0")}`;
  return String.fromCharCode(c >= 65 && c <= 90 ? c | 32 : c);
}
