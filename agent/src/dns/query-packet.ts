import { CLASSIC_UDP_SIZE, OPCODE_QUERY, QTYPE } from "./dns-constants.ts";
import { needsEscape, presentationName } from "./presentation-name.ts";

/** A client's question, read from its packet; `raw` keeps the bytes (name at `nameOffset`). */
export interface QueryPacket {
  id: number;
  /** Recursion desired, checking disabled: copied into answers and upstream queries. */
  rd: boolean;
  cd: boolean;
  /** Authentic data asked for (RFC 6840 §5.7): with DO, the upstream's AD bit is relayed. */
  ad: boolean;
  /** Lower-case presentation form (RFC 1035 escapes) without the trailing dot ("" for the root). */
  name: string;
  qtype: number;
  qclass: number;
  /** Whether the client sent an OPT record, its UDP size and DO bit. */
  edns: boolean;
  udpSize: number;
  dnssecOk: boolean;
  raw: Uint8Array;
  nameOffset: number;
  /** Offset just after the question. */
  questionEnd: number;
  /** The answer cache's key for this question, made the first time a stage needs it. */
  cacheKey: string | null;
}

/** Why a packet is not a query the agent answers normally. */
export type QueryProblem =
  | { kind: "drop" } // too short to answer at all, or a response: never reply
  | { kind: "formerr"; id: number; reason: string }
  | { kind: "notimp"; id: number; reason: string }
  // An EDNS version above 0 (RFC 6891 §6.1.3): answered BADVERS with an OPT record of version 0.
  | { kind: "badvers"; id: number; dnssecOk: boolean; questionEnd: number };

/** Where a question's name is put together before it becomes a string: one per thread, reused. */
const nameScratch = Buffer.allocUnsafeSlow(256);

/**
 * Reads a DNS query: header, exactly one question with an uncompressed name of valid label
 * lengths, and an optional OPT record. Anything else is a QueryProblem; never throws.
 */
export function parseQueryPacket(raw: Uint8Array): QueryPacket | QueryProblem {
  if (raw.length < 12) return { kind: "drop" };
  const id = ((raw[0] as number) << 8) | (raw[1] as number);
  const flags1 = raw[2] as number;
  if (flags1 & 0x80) return { kind: "drop" };
  const opcode = (flags1 >> 3) & 0x0f;
  if (opcode !== OPCODE_QUERY) return { kind: "notimp", id, reason: `opcode ${opcode}` };
  const qdcount = u16(raw, 4);
  const ancount = u16(raw, 6);
  const nscount = u16(raw, 8);
  const arcount = u16(raw, 10);
  if (qdcount !== 1) return { kind: "formerr", id, reason: `${qdcount} questions` };
  if (ancount !== 0 || nscount !== 0) return { kind: "formerr", id, reason: "records in a query's answer sections" };
  const scratch = nameScratch;
  let p = 12;
  let written = 0;
  let escapes = false;
  for (;;) {
    if (p >= raw.length) return { kind: "formerr", id, reason: "name runs off the packet" };
    const length = raw[p] as number;
    if (length === 0) break;
    if (length > 63) return { kind: "formerr", id, reason: "bad label length or compressed question" };
    if (p + 1 + length > raw.length) return { kind: "formerr", id, reason: "name runs off the packet" };
    if (p - 12 + length + 1 > 254) return { kind: "formerr", id, reason: "name longer than 255 bytes" };
    if (written > 0) scratch[written++] = 46;
    for (let i = p + 1; i <= p + length; i++) {
      const c = raw[i] as number;
      if (needsEscape(c)) escapes = true;
      scratch[written++] = c >= 65 && c <= 90 ? c | 32 : c;
    }
    p += length + 1;
  }
  p++;
  if (p + 4 > raw.length) return { kind: "formerr", id, reason: "question is cut short" };
  const qtype = u16(raw, p);
  const qclass = u16(raw, p + 2);
  const questionEnd = p + 4;
  const query: QueryPacket = {
    id,
    rd: ((raw[2] as number) & 0x01) !== 0,
    cd: ((raw[3] as number) & 0x10) !== 0,
    ad: ((raw[3] as number) & 0x20) !== 0,
    // Names with a dot, backslash or unprintable byte inside a label (rare) are escaped.
    name: escapes ? presentationName(raw, 12) : scratch.toString("latin1", 0, written),
    qtype,
    qclass,
    edns: false,
    udpSize: CLASSIC_UDP_SIZE,
    dnssecOk: false,
    raw,
    nameOffset: 12,
    questionEnd,
    cacheKey: null,
  };
  if (arcount > 0) {
    const opt = readOpt(raw, questionEnd, arcount);
    if (typeof opt === "string") return { kind: "formerr", id, reason: opt };
    if (opt) {
      if (opt.version > 0) return { kind: "badvers", id, dnssecOk: opt.dnssecOk, questionEnd };
      query.edns = true;
      query.udpSize = Math.max(CLASSIC_UDP_SIZE, opt.udpSize);
      query.dnssecOk = opt.dnssecOk;
    }
  }
  return query;
}

/** The OPT record among a query's additional records, or a reason it is malformed. */
function readOpt(
  raw: Uint8Array,
  start: number,
  count: number,
): { udpSize: number; dnssecOk: boolean; version: number } | string | null {
  let p = start;
  let found: { udpSize: number; dnssecOk: boolean; version: number } | null = null;
  for (let i = 0; i < count; i++) {
    const nameEnd = skipName(raw, p);
    if (nameEnd < 0 || nameEnd + 10 > raw.length) return "additional record is malformed";
    const type = u16(raw, nameEnd);
    const rdlength = u16(raw, nameEnd + 8);
    if (nameEnd + 10 + rdlength > raw.length) return "additional record runs off the packet";
    if (type === QTYPE.OPT) {
      if (found) return "two OPT records";
      found = {
        udpSize: u16(raw, nameEnd + 2),
        dnssecOk: ((raw[nameEnd + 6] as number) & 0x80) !== 0,
        version: raw[nameEnd + 5] as number,
      };
    }
    p = nameEnd + 10 + rdlength;
  }
  return found;
}

/** Offset after the (possibly compressed) name at `p`, or -1 if malformed; follows no pointers. */
export function skipName(raw: Uint8Array, p: number): number {
  for (let steps = 0; steps < 128; steps++) {
    if (p >= raw.length) return -1;
    const length = raw[p] as number;
    if (length === 0) return p + 1;
    if ((length & 0xc0) === 0xc0) return p + 2 <= raw.length ? p + 2 : -1;
    if (length > 63) return -1;
    p += length + 1;
  }
  return -1;
}

export function u16(raw: Uint8Array, at: number): number {
  return ((raw[at] as number) << 8) | (raw[at + 1] as number);
}
