import { describe, expect, it } from "vitest";
import { QTYPE, RCODE } from "../dns/dns-constants.ts";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { nameToWire } from "../dns/response-packet.ts";
import { readResponseLayout } from "../dns/response-records.ts";
import { localZoneAnswer } from "./local-zone-answer.ts";

function query(name: string, qtype: number = QTYPE.PTR): QueryPacket {
  const wire = nameToWire(name);
  const raw = new Uint8Array(12 + wire.length + 4);
  raw.set([0x12, 0x34, 0x01, 0x00, 0, 1], 0);
  raw.set(wire, 12);
  raw[12 + wire.length + 1] = qtype;
  raw[12 + wire.length + 3] = 1;
  return parseQueryPacket(raw) as QueryPacket;
}

describe("NXDOMAIN for a locally served zone", () => {
  it("is authoritative, answers the question, and carries the zone's SOA in authority", () => {
    const bytes = localZoneAnswer(query("1.1.168.192.in-addr.arpa"), "168.192.in-addr.arpa");
    expect(bytes[0]).toBe(0x12);
    expect((bytes[3] as number) & 0x0f).toBe(RCODE.NXDOMAIN);
    expect((bytes[2] as number) & 0x84).toBe(0x84); // QR and AA
    expect([...bytes.subarray(4, 12)]).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    const layout = readResponseLayout(bytes);
    expect(layout?.rcode).toBe(RCODE.NXDOMAIN);
    const soaOwner = nameToWire("168.192.in-addr.arpa");
    const at = layout?.questionEnd as number;
    expect([...bytes.subarray(at, at + soaOwner.length)]).toEqual([...soaOwner]);
    expect((bytes[at + soaOwner.length] as number) * 256 + (bytes[at + soaOwner.length + 1] as number)).toBe(QTYPE.SOA);
  });

  it("at the zone's apex: the SOA for an SOA question, no data (NOERROR, SOA in authority) for others", () => {
    const soa = localZoneAnswer(query("10.in-addr.arpa", QTYPE.SOA), "10.in-addr.arpa");
    expect((soa[3] as number) & 0x0f).toBe(RCODE.NOERROR);
    expect([...soa.subarray(4, 12)]).toEqual([0, 1, 0, 1, 0, 0, 0, 0]);
    const ns = localZoneAnswer(query("10.in-addr.arpa", QTYPE.NS), "10.in-addr.arpa");
    expect((ns[3] as number) & 0x0f).toBe(RCODE.NOERROR);
    expect([...ns.subarray(4, 12)]).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
  });
});
