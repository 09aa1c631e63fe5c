/**
 * Whether a JSON text nests arrays and objects no deeper than `maxDepth`: one linear pass over the
 * bytes, brackets inside strings ignored. Run before JSON.parse, so a body of millions of "["
 * costs a scan, not a parse that holds the event loop.
 */
export function jsonDepthWithin(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > maxDepth) return false;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return true;
}
