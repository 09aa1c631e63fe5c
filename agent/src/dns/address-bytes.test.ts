import { describe, expect, it } from "vitest";
import { addressBytes, addressRecordData } from "./address-bytes.ts";

describe("addressRecordData", () => {
  it("gives an IPv4 address as four bytes, for an A record", () => {
    expect([...(addressRecordData("10.99.99.99") as Uint8Array)]).toEqual([10, 99, 99, 99]);
  });

  it("gives an IPv6 address as sixteen bytes, for an AAAA record, with :: expanded", () => {
    const bytes = addressRecordData("fd99::99") as Uint8Array;
    expect(bytes).toHaveLength(16);
    expect(Buffer.from(bytes).toString("hex")).toBe("fd990000000000000000000000000099");
  });

  it("reads an IPv6 address written with an IPv4 tail", () => {
    expect(Buffer.from(addressRecordData("::ffff:10.0.0.1") as Uint8Array).toString("hex")).toBe(
      "00000000000000000000ffff0a000001",
    );
  });

  it("gives null for what is not an address", () => {
    expect(addressRecordData("block.example")).toBeNull();
    expect(addressRecordData("10.0.0.256")).toBeNull();
  });
});

describe("addressBytes", () => {
  it("holds IPv4 as IPv4-mapped IPv6, so that both match the same blocks", () => {
    expect(addressBytes("10.0.0.1")).toEqual(addressBytes("::ffff:10.0.0.1"));
  });
});
