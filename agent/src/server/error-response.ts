import { RCODE } from "../dns/dns-constants.ts";

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
