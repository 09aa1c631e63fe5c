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
