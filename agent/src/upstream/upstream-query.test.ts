import { describe, expect, it } from "vitest";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { upstreamQuery } from "./upstream-query.ts";

/** A client's query for example.test A, with the header's third and fourth bytes given. */
function clientQuery(flags: number, dnssecOk = false): QueryPacket {
  const bytes = [0x12, 0x34, 0x01, flags, 0, 1, 0, 0, 0, 0, 0, 1];
  bytes.push(7, ...Buffer.from("example"), 4, ...Buffer.from("test"), 0, 0, 1, 0, 1);
  bytes.push(0, 0, 41, 0x04, 0xd0, 0, 0, dnssecOk ? 0x80 : 0, 0, 0, 0);
  const parsed = parseQueryPacket(Uint8Array.from(bytes));
  if ("kind" in parsed) throw new Error(`not a query: ${JSON.stringify(parsed)}`);
  return parsed;
}

describe("the query sent upstream", () => {
  it.each([
    ["a plain query", 0x00, false, { ad: true, cd: false, dnssecOk: false }],
    ["CD set by the client", 0x10, false, { ad: true, cd: true, dnssecOk: false }],
    ["DO set by the client", 0x00, true, { ad: true, cd: false, dnssecOk: true }],
  ])("%s: RD and AD set, CD and DO as the client asked, a fresh ID", (_what, flags, dnssecOk, want) => {
    const sent = upstreamQuery(clientQuery(flags, dnssecOk), 0xbeef);
    expect([sent[0], sent[1]]).toEqual([0xbe, 0xef]);
    expect((sent[2] as number) & 0x01).toBe(1);
    expect(((sent[3] as number) & 0x20) !== 0).toBe(want.ad);
    expect(((sent[3] as number) & 0x10) !== 0).toBe(want.cd);
    const again = parseQueryPacket(sent) as QueryPacket;
    expect(again.dnssecOk).toBe(want.dnssecOk);
  });
});
