import { EDNS_UDP_SIZE, QTYPE, RCODE } from "../dns/dns-constants.ts";
import { concat } from "../dns/response-packet.ts";

/** A header-only response (FORMERR, NOTIMP) for a packet that could not be read as a query. */
export function errorResponse(raw: Uint8Array, id: number, rcode: number): Uint8Array {
  const out = new Uint8Array(12);
  out[0] = id >> 8;
  out[1] = id & 0xff;
  out[2] = 0x80 | (((raw[2] as number) & 0x78) | ((raw[2] as number) & 0x01));
  out[3] = 0x80 | (rcode & 0x0f);
  return out;
}

export const FORMERR = RCODE.FORMERR;
export const NOTIMP = RCODE.NOTIMP;

/** Extended RCODE 16 (RFC 6891 §6.1.3): 0 in the header's RCODE, 1 in the OPT record's upper bits. */
const BADVERS_UPPER_BITS = 16 >> 4;

/**
 * BADVERS for a query with an EDNS version above 0: the question, and an OPT record of version 0
 * (our UDP size, the client's DO bit) that carries the extended RCODE, so the client retries with 0.
 */
export function badversResponse(raw: Uint8Array, id: number, questionEnd: number, dnssecOk: boolean): Uint8Array {
  const header = errorResponse(raw, id, RCODE.NOERROR);
  header[3] = (header[3] as number) | ((raw[3] as number) & 0x10);
  header[5] = 1;
  header[11] = 1;
  const opt = new Uint8Array(11);
  opt[2] = QTYPE.OPT;
  opt[3] = EDNS_UDP_SIZE >> 8;
  opt[4] = EDNS_UDP_SIZE & 0xff;
  opt[5] = BADVERS_UPPER_BITS;
  opt[7] = dnssecOk ? 0x80 : 0;
  return concat([header, raw.subarray(12, questionEnd), opt]);
}
