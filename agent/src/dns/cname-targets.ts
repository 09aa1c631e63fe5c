import { QTYPE } from "./dns-constants.ts";
import { skipName, u16 } from "./query-packet.ts";

const NONE: readonly number[] = [];

/** Where the target names of the answer section's CNAME records start (most answers have none). */
export function cnameTargets(bytes: Uint8Array): readonly number[] {
  if (bytes.length < 12) return NONE;
  const answers = u16(bytes, 6);
  if (answers === 0) return NONE;
  let p = skipName(bytes, 12);
  if (p < 0) return NONE;
  p += 4;
  let found: number[] | null = null;
  for (let r = 0; r < answers; r++) {
    p = skipName(bytes, p);
    if (p < 0 || p + 10 > bytes.length) break;
    if (u16(bytes, p) === QTYPE.CNAME) {
      found ??= [];
      found.push(p + 10);
    }
    p += 10 + u16(bytes, p + 8);
  }
  return found ?? NONE;
}

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
