import { QTYPE } from "./dns-constants.ts";
import { skipName, u16 } from "./query-packet.ts";
import type { RecordToWrite } from "./response-packet.ts";
import { readU32 } from "./response-records.ts";

/**
 * The answer section of a response as self-contained records (owner names and CNAME targets
 * expanded from compression pointers), ready to be written into another response.
 */
export function readAnswerRecords(bytes: Uint8Array, questionEnd: number, count: number): RecordToWrite[] | null {
  const records: RecordToWrite[] = [];
  let p = questionEnd;
  for (let r = 0; r < count; r++) {
    const owner = expandName(bytes, p);
    const nameEnd = skipName(bytes, p);
    if (!owner || nameEnd < 0 || nameEnd + 10 > bytes.length) return null;
    const type = u16(bytes, nameEnd);
    const ttl = readU32(bytes, nameEnd + 4);
    const length = u16(bytes, nameEnd + 8);
    const dataAt = nameEnd + 10;
    if (dataAt + length > bytes.length) return null;
    const data = type === QTYPE.CNAME ? expandName(bytes, dataAt) : bytes.slice(dataAt, dataAt + length);
    if (!data) return null;
    records.push({ type, ttl, data, ownerWire: owner });
    p = dataAt + length;
  }
  return records;
}

/** The name at `p` in uncompressed wire form, following pointers (bounded), or null. */
export function expandName(bytes: Uint8Array, p: number): Uint8Array | null {
  const out: number[] = [];
  for (let jumps = 0; jumps < 64; ) {
    if (p >= bytes.length) return null;
    const length = bytes[p] as number;
    if (length === 0) {
      out.push(0);
      return out.length > 255 ? null : Uint8Array.from(out);
    }
    if ((length & 0xc0) === 0xc0) {
      if (p + 1 >= bytes.length) return null;
      p = ((length & 0x3f) << 8) | (bytes[p + 1] as number);
      jumps++;
      continue;
    }
    if (length > 63 || p + 1 + length > bytes.length) return null;
    for (let i = p; i <= p + length; i++) out.push(bytes[i] as number);
    p += length + 1;
  }
  return null;
}
