/** DNS numbers the agent uses (RFC 1035, 6891, 8914). */
export const QTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  HTTPS: 65,
} as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const OPCODE_QUERY = 0;
/** CHAOS class (RFC 1035): version.bind and friends, answered REFUSED, never forwarded. */
export const CLASS_CHAOS = 3;
/** Extended DNS Error codes (RFC 8914) the agent sends. */
export const EDE = {
  OTHER: 0,
  STALE_ANSWER: 3,
  BLOCKED: 15,
  CENSORED: 16,
  FILTERED: 17,
  PROHIBITED: 18,
  NO_REACHABLE_AUTHORITY: 22,
  NETWORK_ERROR: 23,
} as const;
export const EDNS_OPTION_EDE = 15;
/** Our EDNS UDP payload size, the DNS Flag Day 2020 value. */
export const EDNS_UDP_SIZE = 1232;
/** Plain DNS over UDP without EDNS. */
export const CLASSIC_UDP_SIZE = 512;
