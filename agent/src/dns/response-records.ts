import { QTYPE, RCODE } from "./dns-constants.ts";
import { skipName, u16 } from "./query-packet.ts";

/** Where the records of a response sit, read once so that TTLs can be rewritten in place. */
export interface ResponseLayout {
  rcode: number;
  truncated: boolean;
  /** Offsets of the TTL field of every record except OPT. */
  ttlOffsets: number[];
  /** Smallest TTL of the answer section's records (or of all, if none), for the cache. */
  minTtl: number;
  /** RFC 2308 negative TTL: min(SOA TTL, SOA MINIMUM) from the authority section, if any. */
  negativeTtl: number | null;
  answerCount: number;
  /** Start of the OPT record when it is the last record (we replace it); -1 if none; -2 if elsewhere. */
  optStart: number;
  /** Offset just after the question. */
  questionEnd: number;
}

/** Reads a response's layout, or null when it is malformed. */
export function readResponseLayout(bytes: Uint8Array): ResponseLayout | null {
  if (bytes.length < 12) return null;
  const counts = [u16(bytes, 4), u16(bytes, 6), u16(bytes, 8), u16(bytes, 10)] as const;
  let p = 12;
  for (let q = 0; q < counts[0]; q++) {
    p = skipName(bytes, p);
    if (p < 0 || p + 4 > bytes.length) return null;
    p += 4;
  }
  const layout: ResponseLayout = {
    rcode: (bytes[3] as number) & 0x0f,
    truncated: ((bytes[2] as number) & 0x02) !== 0,
    ttlOffsets: [],
    minTtl: Number.POSITIVE_INFINITY,
    negativeTtl: null,
    answerCount: counts[1],
    optStart: -1,
    questionEnd: p,
  };
  let minAll = Number.POSITIVE_INFINITY;
  for (let section = 1; section <= 3; section++) {
    for (let r = 0; r < counts[section as 1 | 2 | 3]; r++) {
      const start = p;
      p = skipName(bytes, p);
      if (p < 0 || p + 10 > bytes.length) return null;
      const type = u16(bytes, p);
      const ttl = readU32(bytes, p + 4);
      const rdlength = u16(bytes, p + 8);
      const dataAt = p + 10;
      if (dataAt + rdlength > bytes.length) return null;
      if (type === QTYPE.OPT) {
        layout.optStart = start;
      } else {
        layout.ttlOffsets.push(p + 4);
        minAll = Math.min(minAll, ttl);
        if (section === 1) layout.minTtl = Math.min(layout.minTtl, ttl);
        if (section === 2 && type === QTYPE.SOA)
          layout.negativeTtl = Math.min(ttl, soaMinimum(bytes, dataAt, rdlength));
      }
      p = dataAt + rdlength;
      if (type === QTYPE.OPT && (section !== 3 || r !== counts[3] - 1)) layout.optStart = -2;
    }
  }
  if (layout.minTtl === Number.POSITIVE_INFINITY) layout.minTtl = minAll === Number.POSITIVE_INFINITY ? 0 : minAll;
  return layout;
}

/** The TTL to cache a response for: answers by their TTL, NXDOMAIN/NODATA by RFC 2308. */
export function cacheTtl(layout: ResponseLayout): number | null {
  if (layout.rcode === RCODE.NXDOMAIN || (layout.rcode === RCODE.NOERROR && layout.answerCount === 0)) {
    return layout.negativeTtl;
  }
  if (layout.rcode !== RCODE.NOERROR) return null;
  return layout.minTtl;
}

function soaMinimum(bytes: Uint8Array, dataAt: number, rdlength: number): number {
  let p = skipName(bytes, dataAt);
  if (p >= 0) p = skipName(bytes, p);
  if (p < 0 || p + 20 > dataAt + rdlength) return 0;
  return readU32(bytes, p + 16);
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] as number) << 24) |
      ((bytes[at + 1] as number) << 16) |
      ((bytes[at + 2] as number) << 8) |
      (bytes[at + 3] as number)) >>>
    0
  );
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}
