import { createHash } from "node:crypto";
import radius from "radius";
import { describe, expect, it } from "vitest";
import { accountingResponse, authenticatorValid, normaliseMac, readAccountingRequest } from "./radius-packet.ts";

const SECRET = "s3cret-shared";

/** An Accounting-Request as a controller sends it (the codec fills in the Request Authenticator). */
function request(attributes: [string | number, unknown][], secret = SECRET, code = "Accounting-Request"): Buffer {
  return radius.encode({ code, secret, identifier: 42, attributes });
}

const start: [string | number, unknown][] = [
  ["Acct-Status-Type", "Start"],
  ["User-Name", "J.Smith@School"],
  ["Framed-IP-Address", "10.1.2.3"],
  ["Calling-Station-Id", "AA-BB-CC-DD-EE-0F"],
  ["Acct-Session-Id", "sess-1"],
  ["Acct-Interim-Interval", 300],
];

describe("readAccountingRequest", () => {
  it("reads a genuine Start with its attributes normalised", () => {
    const read = readAccountingRequest(request(start), SECRET);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.request).toMatchObject({
      status: "start",
      user: "J.Smith@School",
      ipv4: "10.1.2.3",
      ipv6: null,
      mac: "aa:bb:cc:dd:ee:0f",
      session: "sess-1",
      interimInterval: 300,
      sessionTimeout: null,
    });
  });

  it("reads Interim-Update and Stop, and a Framed-IPv6-Address (RFC 6911, type 168)", () => {
    const v6 = Buffer.from("fd000000000000000000000000000042", "hex");
    const interim = readAccountingRequest(
      request([
        ["Acct-Status-Type", "Interim-Update"],
        [168, v6],
      ]),
      SECRET,
    );
    expect(interim.ok && interim.request).toMatchObject({ status: "interim", ipv6: "fd00::42", ipv4: null });
    const stop = readAccountingRequest(request([["Acct-Status-Type", "Stop"]]), SECRET);
    expect(stop.ok && stop.request.status).toBe("stop");
    for (const restart of ["Accounting-On", "Accounting-Off"]) {
      const read = readAccountingRequest(request([["Acct-Status-Type", restart]]), SECRET);
      expect(read.ok && read.request.status).toBe("restart");
    }
  });

  it.each([
    ["a wrong secret", () => request(start, "not-the-secret"), "bad-authenticator"],
    ["a byte changed after signing", () => flip(request(start), 30), "bad-authenticator"],
    ["a packet shorter than a header", () => Buffer.alloc(19, 4), "short"],
    ["an Access-Request", () => request([["User-Name", "x"]], SECRET, "Access-Request"), "not-accounting-request"],
    ["a length past the datagram", () => withLength(request(start), 400), "malformed"],
    ["a length under the header", () => withLength(request(start), 10), "malformed"],
    ["an attribute running past the end", () => badAttribute(), "malformed"],
  ])("drops %s", (_, packet, reason) => {
    expect(readAccountingRequest(packet(), SECRET)).toEqual({ ok: false, reason });
  });

  it("checks only the declared length, so trailing bytes neither break nor forge a packet", () => {
    const padded = Buffer.concat([request(start), Buffer.from("junk")]);
    expect(readAccountingRequest(padded, SECRET).ok).toBe(true);
  });

  it("skips attributes it has no dictionary entry for", () => {
    const read = readAccountingRequest(request([...start, [250, Buffer.from("vendor junk")]]), SECRET);
    expect(read.ok).toBe(true);
  });
});

describe("authenticatorValid", () => {
  it("is MD5(code, id, length, 16 zero bytes, attributes, secret)", () => {
    const packet = request(start);
    const expected = createHash("md5")
      .update(Buffer.concat([packet.subarray(0, 4), Buffer.alloc(16), packet.subarray(20), Buffer.from(SECRET)]))
      .digest();
    expect(packet.subarray(4, 20)).toEqual(expected);
    expect(authenticatorValid(packet, SECRET)).toBe(true);
    expect(authenticatorValid(packet, `${SECRET}x`)).toBe(false);
  });
});

describe("accountingResponse", () => {
  it("is an Accounting-Response with the request's id and the RFC 2866 Response Authenticator", () => {
    const packet = request(start);
    const read = readAccountingRequest(packet, SECRET);
    if (!read.ok) throw new Error("request not read");
    const response = accountingResponse(read.request, SECRET);
    expect(response[0]).toBe(5);
    expect(response[1]).toBe(42);
    // MD5(Code + Identifier + Length + Request Authenticator + Attributes + Secret)
    const expected = createHash("md5")
      .update(
        Buffer.concat([response.subarray(0, 4), packet.subarray(4, 20), response.subarray(20), Buffer.from(SECRET)]),
      )
      .digest();
    expect(response.subarray(4, 20)).toEqual(expected);
    expect(radius.verify_response({ request: packet, response: Buffer.from(response), secret: SECRET })).toBe(true);
  });
});

describe("normaliseMac", () => {
  it.each([
    ["AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff"],
    ["aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff"],
    ["AABBCCDDEEFF", "aa:bb:cc:dd:ee:ff"],
    ["aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"],
    ["not a mac", null],
    ["aa:bb:cc:dd:ee", null],
    [null, null],
  ])("%s → %s", (given, expected) => {
    expect(normaliseMac(given)).toBe(expected);
  });
});

function flip(packet: Buffer, at: number): Buffer {
  const copy = Buffer.from(packet);
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}

function withLength(packet: Buffer, length: number): Buffer {
  const copy = Buffer.from(packet);
  copy.writeUInt16BE(length, 2);
  return copy;
}

/** A signed packet whose last attribute claims more bytes than there are. */
function badAttribute(): Buffer {
  const body = Buffer.from([1, 5, 0x61, 0x62, 0x63, 44, 9, 0x31]);
  const packet = Buffer.concat([Buffer.from([4, 1, 0, 20 + body.length]), Buffer.alloc(16), body]);
  createHash("md5").update(packet).update(SECRET).digest().copy(packet, 4);
  return packet;
}
