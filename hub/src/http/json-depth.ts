/**
 * A scanner fed a JSON text in pieces, saying after each whether arrays and objects still nest no
 * deeper than `maxDepth`: one linear pass, brackets inside strings ignored. Run on a body as it
 * arrives (and as it unzips), so a body of millions of "[" is refused at its 65th byte, never parsed.
 */
export function jsonDepthScanner(maxDepth: number): (bytes: Uint8Array) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (bytes) => {
    // An index, not for...of: the iterator made this loop five times slower, a few µs an event at ingest.
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 0x5c) escaped = true;
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) inString = true;
      else if (byte === 0x5b || byte === 0x7b) {
        if (++depth > maxDepth) return false;
      } else if (byte === 0x5d || byte === 0x7d) depth--;
    }
    return true;
  };
}

/** Whether a whole JSON text nests no deeper than `maxDepth`. */
export function jsonDepthWithin(bytes: Uint8Array, maxDepth: number): boolean {
  return jsonDepthScanner(maxDepth)(bytes);
}
