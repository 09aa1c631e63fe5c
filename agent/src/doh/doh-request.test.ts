import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { buildResponse } from "../dns/response-packet.ts";
import {
  cacheControl,
  checkedMessage,
  isDnsMessageType,
  isRefusal,
  MAX_DNS_MESSAGE,
  messageFromQuery,
  REFUSALS,
  tokenFromPath,
  tokenHash,
} from "./doh-request.ts";

const TOKEN = "fldoh_0123456789abcdefghijABCDEFGHIJ-_xyzXYZ012";
/** A query for example.com A, id 0, as RFC 8484's own example. */
const QUERY = Buffer.from("AAABAAABAAAAAAAAB2V4YW1wbGUDY29tAAABAAE", "base64url");

describe("tokenFromPath", () => {
  it.each([
    [`/dns-query/${TOKEN}`, TOKEN],
    [`/dns-query/${TOKEN}?dns=AAAB`, TOKEN],
    ["/dns-query/", null],
    ["/dns-query/short", null],
    [`/dns-query/${TOKEN}/more`, null],
    [`/dns-query/${TOKEN}%00`, null],
    [`/other/${TOKEN}`, null],
    ["/dns-query", null],
    ["", null],
  ])("%s → %s", (path, token) => {
    expect(tokenFromPath(path)).toBe(token);
  });
});

describe("tokenHash", () => {
  it("is the SHA-256 of the token in lower-case hex, as the hub stores it", () => {
    expect(tokenHash(TOKEN)).toBe(createHash("sha256").update(TOKEN).digest("hex"));
    expect(tokenHash(TOKEN)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("messageFromQuery", () => {
  it("decodes base64url without padding", () => {
    const message = messageFromQuery(`/dns-query/${TOKEN}?dns=${QUERY.toString("base64url")}`);
    expect(isRefusal(message)).toBe(false);
    expect(Buffer.from(message as Uint8Array).equals(QUERY)).toBe(true);
  });

  it.each([
    ["no query string", `/dns-query/${TOKEN}`, REFUSALS.malformed],
    ["no dns parameter", `/dns-query/${TOKEN}?name=example.com`, REFUSALS.malformed],
    ["padding", `/dns-query/${TOKEN}?dns=${QUERY.toString("base64")}=`, REFUSALS.malformed],
    ["plain base64 characters", `/dns-query/${TOKEN}?dns=AAAB+/AAAAAAAAAA`, REFUSALS.malformed],
    ["shorter than a header", `/dns-query/${TOKEN}?dns=AAAB`, REFUSALS.malformed],
    ["longer than a DNS message", `/dns-query/${TOKEN}?dns=${"A".repeat(90_000)}`, REFUSALS.tooLarge],
  ])("refuses %s with 400", (_, path, refusal) => {
    expect(messageFromQuery(path)).toEqual(refusal);
    expect(refusal.status).toBe(400);
  });
});

describe("checkedMessage", () => {
  it("keeps a message from a header up to 65,535 bytes", () => {
    expect(isRefusal(checkedMessage(new Uint8Array(12)))).toBe(false);
    expect(isRefusal(checkedMessage(new Uint8Array(MAX_DNS_MESSAGE)))).toBe(false);
    expect(checkedMessage(new Uint8Array(11))).toEqual(REFUSALS.malformed);
    expect(checkedMessage(new Uint8Array(MAX_DNS_MESSAGE + 1))).toEqual(REFUSALS.tooLarge);
  });
});

describe("isDnsMessageType", () => {
  it.each([
    ["application/dns-message", true],
    ["Application/DNS-Message; charset=binary", true],
    ["application/json", false],
    ["application/dns-json", false],
    [undefined, false],
  ])("%s → %s", (type, expected) => {
    expect(isDnsMessageType(type)).toBe(expected);
  });
});

describe("cacheControl", () => {
  const query = parseQueryPacket(QUERY) as QueryPacket;
  it("is the smallest answer TTL", () => {
    const a = (ttl: number) => ({ type: 1, ttl, data: new Uint8Array([192, 0, 2, 1]) });
    const response = buildResponse(query, 0, [a(300), a(60)]);
    expect(cacheControl(response)).toBe("max-age=60");
  });

  it("is 0 for an error answer, which must not be kept", () => {
    expect(cacheControl(buildResponse(query, 2))).toBe("max-age=0");
  });
});
