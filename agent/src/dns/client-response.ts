import type { PackedResponse } from "./packed-response.ts";
import type { QueryPacket } from "./query-packet.ts";
import { type ExtendedError, optRecord } from "./response-packet.ts";
import { readU32, writeU32 } from "./response-records.ts";

/** No options: one object for every call, not a new one each time. */
const NO_OPTIONS: { fixedTtl?: number; ede?: ExtendedError } = Object.freeze({});

/**
 * An upstream (or cached) response made fit for one client: its ID and question, our header flags
 * (AA clear, RA set, the client's RD/CD, AD only if asked for), TTLs less
 * `ageSeconds` (or set to `fixedTtl`, for stale answers), and an OPT record of ours in place of
 * the upstream's, so that no upstream option — a COOKIE above all — reaches another client.
 */
export function responseForClient(
  upstream: PackedResponse,
  query: QueryPacket,
  ageSeconds: number,
  options: { fixedTtl?: number; ede?: ExtendedError } = NO_OPTIONS,
): Uint8Array {
  const { wire, length, optStart } = upstream;
  const end = optStart >= 0 ? optStart : length;
  const addOpt = query.edns && optStart !== -2;
  const opt = addOpt ? optRecord(query.dnssecOk, options.ede) : null;
  // One allocation: the relayed records, then our OPT record.
  const body = new Uint8Array(end + (opt ? opt.length : 0));
  for (let i = 0; i < end; i++) body[i] = wire.charCodeAt(i);
  // The client's question exactly, letter case included (DNS 0x20): a cached answer holds the
  // question of whoever asked first, the same name up to case, so the same length.
  if (query.questionEnd <= end) for (let i = 12; i < query.questionEnd; i++) body[i] = query.raw[i] as number;
  if (opt) body.set(opt, end);
  body[0] = query.id >> 8;
  body[1] = query.id & 0xff;
  // A forwarder's own flags: never authoritative (AA clear), recursion available (RA set), the
  // client's RD and CD; AD relayed only to a client that asked with AD or DO (RFC 6840 §5.7).
  body[2] = ((body[2] as number) & ~0x05) | (query.rd ? 0x01 : 0);
  const keepAd = query.ad || query.dnssecOk ? 0x20 : 0;
  body[3] = ((body[3] as number) & (0x0f | keepAd)) | 0x80 | (query.cd ? 0x10 : 0);
  for (let i = length; i < wire.length; i += 2) {
    const at = (wire.charCodeAt(i) << 8) | wire.charCodeAt(i + 1);
    if (at >= end) continue;
    const ttl = options.fixedTtl ?? Math.max(0, readU32(body, at) - ageSeconds);
    writeU32(body, at, ttl);
  }
  // An OPT record that is not last cannot be cut out without breaking compression: it stays.
  let arcount = ((body[10] as number) << 8) | (body[11] as number);
  if (optStart >= 0) arcount--;
  if (opt) arcount++;
  body[10] = arcount >> 8;
  body[11] = arcount & 0xff;
  return body;
}
