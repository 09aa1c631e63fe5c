import { describe, expect, it } from "vitest";
import { queryPacket, readReply } from "../../../test/support/dns-client.ts";
import { responseForClient } from "./client-response.ts";
import { packResponse } from "./packed-response.ts";
import { parseQueryPacket, type QueryPacket } from "./query-packet.ts";
import { buildResponse } from "./response-packet.ts";
import { readResponseLayout } from "./response-records.ts";

const A = 1;
const query = (id: number, edns: boolean) =>
  parseQueryPacket(queryPacket("www.example.org", A, id, edns)) as QueryPacket;

/** An upstream's answer: 40 A records (TTL 300) so that TTL offsets run past 255, and its own OPT option. */
function upstreamAnswer(): Uint8Array {
  const records = Array.from({ length: 40 }, (_, i) => ({ type: A, ttl: 300, data: Uint8Array.of(192, 0, 2, i) }));
  return buildResponse(query(0x9999, true), 0, records, { code: 0, text: "upstream-only option" });
}

describe("responseForClient from a packed upstream response", () => {
  it("packs the bytes and two-byte TTL offsets, then rebuilds the answer for the client", () => {
    const upstream = upstreamAnswer();
    const layout = readResponseLayout(upstream);
    if (!layout) throw new Error("unreadable");
    expect(layout.ttlOffsets.at(-1)).toBeGreaterThan(255);
    const packed = packResponse(upstream, layout);
    expect(packed.wire.length).toBe(upstream.length + 2 * 40);

    const reply = readReply(responseForClient(packed, query(0x1234, true), 7));
    expect(reply.id).toBe(0x1234);
    expect(reply.answers.map((a) => a.ttl)).toEqual(Array(40).fill(293));
    expect(reply.answers.map((a) => a.address)).toEqual(Array.from({ length: 40 }, (_, i) => `192.0.2.${i}`));
    // Our OPT record, not the upstream's: no Extended DNS Error carried over.
    expect(reply.optCodes).toEqual([]);
    expect(Buffer.from(reply.raw).includes("upstream-only")).toBe(false);
  });

  it("sets a fixed TTL for stale answers and drops the OPT record for a client without EDNS", () => {
    const upstream = upstreamAnswer();
    const packed = packResponse(
      upstream,
      readResponseLayout(upstream) as NonNullable<ReturnType<typeof readResponseLayout>>,
    );
    const reply = readReply(responseForClient(packed, query(7, false), 0, { fixedTtl: 30 }));
    expect(reply.answers.map((a) => a.ttl)).toEqual(Array(40).fill(30));
    expect(reply.optCodes).toBeNull();
    expect(Buffer.from(reply.raw).readUInt16BE(10)).toBe(0);
  });

  // The upstream's header as an authoritative server with AD would send it: QR AA, AD, no RA.
  const flagged = () => {
    const upstream = upstreamAnswer();
    upstream[2] = 0x84;
    upstream[3] = 0x20;
    return packResponse(upstream, readResponseLayout(upstream) as NonNullable<ReturnType<typeof readResponseLayout>>);
  };
  const flagsOf = (bytes: Uint8Array) => ({
    aa: ((bytes[2] as number) & 0x04) !== 0,
    rd: ((bytes[2] as number) & 0x01) !== 0,
    ra: ((bytes[3] as number) & 0x80) !== 0,
    ad: ((bytes[3] as number) & 0x20) !== 0,
  });
  const asking = (ad: boolean, dnssecOk: boolean) => {
    const packet = queryPacket("www.example.org", A, 5, true, dnssecOk);
    if (ad) packet[3] = (packet[3] as number) | 0x20;
    return parseQueryPacket(packet) as QueryPacket;
  };

  it.each([
    { ad: false, dnssecOk: false, relayed: false },
    { ad: true, dnssecOk: false, relayed: true },
    { ad: false, dnssecOk: true, relayed: true },
  ])(
    "carries our own flags, AA clear and RA set, and AD only to a client asking with AD or DO: %o",
    ({ ad, dnssecOk, relayed }) => {
      const flags = flagsOf(responseForClient(flagged(), asking(ad, dnssecOk), 0));
      expect(flags).toEqual({ aa: false, rd: true, ra: true, ad: relayed });
    },
  );
});
