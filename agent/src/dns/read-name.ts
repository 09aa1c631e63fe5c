/**
 * Reads the name at `at`, following compression pointers, into `out` as an uncompressed wire
 * name (lower-cased unless `lowerCase` is false); its length, or -1 if it is malformed, loops
 * or runs past 255 bytes.
 */
export function readName(bytes: Uint8Array, at: number, out: Uint8Array, lowerCase = true): number {
  let written = 0;
  let p = at;
  for (let jumps = 0; jumps < 64; ) {
    if (p >= bytes.length) return -1;
    const length = bytes[p] as number;
    if ((length & 0xc0) === 0xc0) {
      if (p + 1 >= bytes.length) return -1;
      p = ((length & 0x3f) << 8) | (bytes[p + 1] as number);
      jumps++;
      continue;
    }
    if (length > 63 || written + length + 1 > 255 || p + length >= bytes.length) return -1;
    out[written++] = length;
    if (length === 0) return written;
    for (let i = p + 1; i <= p + length; i++) {
      const c = bytes[i] as number;
      out[written++] = lowerCase && c >= 65 && c <= 90 ? c | 32 : c;
    }
    p += length + 1;
  }
  return -1;
}
