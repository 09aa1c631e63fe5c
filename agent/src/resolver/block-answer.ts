import { isIPv4, isIPv6 } from "node:net";
import type { GroupConfig } from "../config/agent-config.ts";
import { addressRecordData } from "../dns/address-bytes.ts";
import { EDE, QTYPE, RCODE } from "../dns/dns-constants.ts";
import type { QueryPacket } from "../dns/query-packet.ts";
import { buildResponse, type ExtendedError, type RecordToWrite } from "../dns/response-packet.ts";

export interface BlockPageAddresses {
  ipv4?: string | undefined;
  ipv6?: string | undefined;
}

/** The block page's addresses as record data, read once when the policy is compiled; null if absent or invalid. */
export interface BlockPageData {
  ipv4: Uint8Array | null;
  ipv6: Uint8Array | null;
}

const NULL_IPV4 = new Uint8Array(4);
const NULL_IPV6 = new Uint8Array(16);

export function blockPageData(page: BlockPageAddresses): BlockPageData {
  return {
    ipv4: page.ipv4 && isIPv4(page.ipv4) ? addressRecordData(page.ipv4) : null,
    ipv6: page.ipv6 && isIPv6(page.ipv6) ? addressRecordData(page.ipv6) : null,
  };
}

/**
 * The answer to a blocked query in the group's block mode: NXDOMAIN; the null address (0.0.0.0
 * or ::); or the block page's address. Other record types get an empty answer. Always a short TTL
 * and an Extended DNS Error naming the reason.
 */
export function blockAnswer(
  query: QueryPacket,
  mode: GroupConfig["blockMode"],
  ttl: number,
  page: BlockPageData,
  ede: ExtendedError,
): Uint8Array {
  if (mode === "nxdomain") return buildResponse(query, RCODE.NXDOMAIN, [], ede);
  const v4 = mode === "null-address" ? NULL_IPV4 : page.ipv4;
  const v6 = mode === "null-address" ? NULL_IPV6 : page.ipv6;
  const records: RecordToWrite[] = [];
  if (query.qtype === QTYPE.A && v4) records.push({ type: QTYPE.A, ttl, data: v4 });
  if (query.qtype === QTYPE.AAAA && v6) records.push({ type: QTYPE.AAAA, ttl, data: v6 });
  return buildResponse(query, RCODE.NOERROR, records, ede);
}

/** EDE for a block: Censored for the illegal-content feeds, Blocked for a site's own block list, else Filtered. */
export function blockError(kind: "locked" | "override" | "category", what: string): ExtendedError {
  const code = kind === "locked" ? EDE.CENSORED : kind === "override" ? EDE.BLOCKED : EDE.FILTERED;
  return { code, text: `Fenceline: ${what}` };
}
