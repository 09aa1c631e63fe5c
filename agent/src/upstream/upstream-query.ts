import type { QueryPacket } from "../dns/query-packet.ts";
import { concat, optRecord } from "../dns/response-packet.ts";

/**
 * The query the agent sends upstream for a client's question: a fresh ID, RD and AD set (so a
 * validating upstream reports AD, which the answer to each client keeps only if it asked with AD
 * or DO: RFC 6840 §5.7), CD and DO as the client asked, and our own OPT record, never the client's
 * options (cookies stay private).
 */
export function upstreamQuery(query: QueryPacket, id: number, name?: Uint8Array, qtype?: number): Uint8Array {
  const header = new Uint8Array(12);
  header[0] = id >> 8;
  header[1] = id & 0xff;
  header[2] = 0x01;
  header[3] = 0x20 | (query.cd ? 0x10 : 0);
  header[5] = 1;
  header[11] = 1;
  const question = name
    ? concat([name, new Uint8Array([(qtype ?? query.qtype) >> 8, (qtype ?? query.qtype) & 0xff, 0, query.qclass])])
    : query.raw.subarray(12, query.questionEnd);
  return concat([header, question, optRecord(query.dnssecOk)]);
}
