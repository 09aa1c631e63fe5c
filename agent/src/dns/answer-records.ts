import { QTYPE } from "./dns-constants.ts";
import { skipName, u16 } from "./query-packet.ts";
import { readName } from "./read-name.ts";
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

const expanded = new Uint8Array(255);

/** The name at `p` in uncompressed wire form, following pointers (bounded), or null. */
function expandName(bytes: Uint8Array, p: number): Uint8Array | null {
  const length = readName(bytes, p, expanded, false);
  return length < 0 ? null : expanded.slice(0, length);
}
