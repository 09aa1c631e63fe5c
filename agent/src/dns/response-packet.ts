import { EDNS_OPTION_EDE, EDNS_UDP_SIZE, QTYPE } from "./dns-constants.ts";
import type { QueryPacket } from "./query-packet.ts";
import { skipName, u16 } from "./query-packet.ts";

/** An Extended DNS Error (RFC 8914) to attach to an answer. */
export interface ExtendedError {
  code: number;
  text: string;
}

/** One resource record to write: the owner is the question name unless `ownerWire` is given. */
export interface RecordToWrite {
  type: number;
  ttl: number;
  data: Uint8Array;
  ownerWire?: Uint8Array;
}

/**
 * A response to `query` built from scratch: header (ID, RD, CD echoed; RA set), the question,
 * `answers`, and, if the client spoke EDNS, an OPT record with our UDP size, its DO bit and an
 * optional Extended DNS Error.
 */
export function buildResponse(
  query: QueryPacket,
  rcode: number,
  answers: readonly RecordToWrite[] = [],
  ede?: ExtendedError,
): Uint8Array {
  const question = query.raw.subarray(12, query.questionEnd);
  const parts: Uint8Array[] = [header(query, rcode, answers.length, query.edns ? 1 : 0), question];
  for (const record of answers) parts.push(resourceRecord(record.ownerWire ?? pointerToQuestion, record));
  if (query.edns) parts.push(optRecord(query.dnssecOk, ede));
  return concat(parts);
}

/** A compression pointer to the question name at offset 12. */
const pointerToQuestion = new Uint8Array([0xc0, 0x0c]);

function header(query: QueryPacket, rcode: number, ancount: number, arcount: number): Uint8Array {
  const bytes = new Uint8Array(12);
  bytes[0] = query.id >> 8;
  bytes[1] = query.id & 0xff;
  bytes[2] = 0x80 | (query.rd ? 0x01 : 0);
  bytes[3] = 0x80 | (query.cd ? 0x10 : 0) | (rcode & 0x0f);
  bytes[5] = 1;
  bytes[7] = ancount;
  bytes[11] = arcount;
  return bytes;
}

function resourceRecord(owner: Uint8Array, record: RecordToWrite): Uint8Array {
  const bytes = new Uint8Array(owner.length + 10 + record.data.length);
  bytes.set(owner, 0);
  const view = new DataView(bytes.buffer);
  let p = owner.length;
  view.setUint16(p, record.type);
  view.setUint16(p + 2, 1);
  view.setUint32(p + 4, record.ttl);
  view.setUint16(p + 8, record.data.length);
  bytes.set(record.data, p + 10);
  p += 10;
  return bytes;
}

const utf8 = new TextEncoder();
const PLAIN_OPT = [optRecordBytes(false), optRecordBytes(true)] as const;

/** Our OPT record: UDP size, DO echoed, and the EDE option when given. Shared when there is no EDE: do not modify. */
export function optRecord(dnssecOk: boolean, ede?: ExtendedError): Uint8Array {
  return ede ? optRecordBytes(dnssecOk, ede) : PLAIN_OPT[dnssecOk ? 1 : 0];
}

function optRecordBytes(dnssecOk: boolean, ede?: ExtendedError): Uint8Array {
  const text = ede ? utf8.encode(ede.text) : new Uint8Array(0);
  const optionLength = ede ? 4 + 2 + text.length : 0;
  const bytes = new Uint8Array(11 + optionLength);
  const view = new DataView(bytes.buffer);
  view.setUint16(1, QTYPE.OPT);
  view.setUint16(3, EDNS_UDP_SIZE);
  bytes[7] = dnssecOk ? 0x80 : 0;
  view.setUint16(9, optionLength);
  if (ede) {
    view.setUint16(11, EDNS_OPTION_EDE);
    view.setUint16(13, 2 + text.length);
    view.setUint16(15, ede.code);
    bytes.set(text, 17);
  }
  return bytes;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** The response cut to its header and question with TC set, for a client whose UDP size it exceeds. */
export function truncated(response: Uint8Array, query: QueryPacket): Uint8Array {
  const out = concat([response.subarray(0, 12), query.raw.subarray(12, query.questionEnd)]);
  out[2] = (out[2] as number) | 0x02;
  out.fill(0, 6, 12);
  if (query.edns) {
    const withOpt = concat([out, optRecord(query.dnssecOk)]);
    withOpt[11] = 1;
    return withOpt;
  }
  return out;
}

/** Wire form of a presentation name (`a.example` → 1 a 7 example 0). */
export function nameToWire(name: string): Uint8Array {
  const labels = name === "" ? [] : name.split(".");
  const bytes = new Uint8Array(labels.reduce((n, l) => n + l.length + 1, 1));
  let p = 0;
  for (const label of labels) {
    bytes[p++] = label.length;
    for (let i = 0; i < label.length; i++) bytes[p++] = label.charCodeAt(i);
  }
  return bytes;
}

/** Header fields of a response. */
export function responseCode(response: Uint8Array): number {
  return (response[3] as number) & 0x0f;
}

export { skipName, u16 };
