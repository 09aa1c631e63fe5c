import { QTYPE, RCODE } from "../dns/dns-constants.ts";
import type { QueryPacket } from "../dns/query-packet.ts";
import { buildResponse, concat, nameToWire } from "../dns/response-packet.ts";

/** How long clients keep the NXDOMAIN of a locally served zone (RFC 6303 §3: the SOA's values). */
const NEGATIVE_TTL = 10800;

/**
 * The answer for a name in a zone the agent serves itself (RFC 6303), authoritative, as unbound's
 * local zones give it: NXDOMAIN below the apex, with the zone's SOA in the authority section so
 * that resolvers and clients cache the denial for the negative TTL; at the apex the SOA itself,
 * or no data (NOERROR, the SOA in authority) for other types.
 */
export function localZoneAnswer(query: QueryPacket, zone: string): Uint8Array {
  const soa = {
    type: QTYPE.SOA,
    ttl: NEGATIVE_TTL,
    ownerWire: nameToWire(zone),
    data: soaData(zone),
  };
  const apex = query.name === zone;
  const bytes = buildResponse(query, apex ? RCODE.NOERROR : RCODE.NXDOMAIN, [soa]);
  bytes[2] = (bytes[2] as number) | 0x04; // AA
  if (apex && query.qtype === QTYPE.SOA) return bytes;
  // buildResponse writes records into the answer section: the one record moves to authority.
  bytes[6] = 0;
  bytes[7] = 0;
  bytes[8] = 0;
  bytes[9] = 1;
  return bytes;
}

/** RFC 6303 §3's SOA: MNAME the zone itself, RNAME nobody.invalid, serial 1, the suggested timers. */
function soaData(zone: string): Uint8Array {
  const timers = new Uint8Array(20);
  const view = new DataView(timers.buffer);
  [1, 3600, 1200, 604800, NEGATIVE_TTL].forEach((value, i) => {
    view.setUint32(i * 4, value);
  });
  return concat([nameToWire(zone), nameToWire("nobody.invalid"), timers]);
}
