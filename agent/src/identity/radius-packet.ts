import { createHash, timingSafeEqual } from "node:crypto";
import radius from "radius";

type RadiusPacket = ReturnType<typeof radius.decode_without_secret>;

/** Why an accounting packet was dropped: the label of its counter. */
export type RadiusDropReason =
  | "unknown-client"
  | "short"
  | "malformed"
  | "not-accounting-request"
  | "bad-authenticator";

const ACCOUNTING_REQUEST = 4;
const HEADER = 20;
/** RFC 2865 §3: the longest packet. */
const MAX_LENGTH = 4096;
const FRAMED_IPV6_ADDRESS = 168;

export type AccountingStatus = "start" | "interim" | "stop" | "restart" | "other";

/** What an Accounting-Request says of a session, attributes already normalised. */
export interface AccountingRequest {
  status: AccountingStatus;
  user: string | null;
  ipv4: string | null;
  ipv6: string | null;
  /** The station's MAC (Calling-Station-Id), lower case with colons. */
  mac: string | null;
  session: string | null;
  sessionTimeout: number | null;
  interimInterval: number | null;
  /** The decoded packet, for the response. */
  packet: RadiusPacket;
}

export type ReadResult = { ok: true; request: AccountingRequest } | { ok: false; reason: RadiusDropReason };

/**
 * Reads an Accounting-Request (RFC 2866) and checks its Request Authenticator against `secret`.
 * The authenticator is checked here, with node:crypto over exactly the packet's declared bytes
 * and compared in constant time: the codec's own check hashes the whole datagram (trailing bytes
 * included) and compares the digests as UTF-8 strings, which maps different invalid byte runs to
 * the same text. The codec then decodes the attributes of a packet already known to be genuine.
 */
export function readAccountingRequest(datagram: Buffer, secret: string): ReadResult {
  if (datagram.length < HEADER) return { ok: false, reason: "short" };
  if (datagram[0] !== ACCOUNTING_REQUEST) return { ok: false, reason: "not-accounting-request" };
  const length = datagram.readUInt16BE(2);
  if (length < HEADER || length > MAX_LENGTH || length > datagram.length || !attributesFit(datagram, length)) {
    return { ok: false, reason: "malformed" };
  }
  const packetBytes = datagram.subarray(0, length);
  if (!authenticatorValid(packetBytes, secret)) return { ok: false, reason: "bad-authenticator" };
  let packet: RadiusPacket;
  try {
    packet = radius.decode_without_secret({ packet: Buffer.from(packetBytes) });
  } catch {
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, request: requestOf(packet) };
}

/** The Accounting-Response (code 5) to a good request, with its Response Authenticator. */
export function accountingResponse(request: AccountingRequest, secret: string): Buffer {
  return radius.encode_response({ packet: request.packet, code: "Accounting-Response", secret });
}

/** MD5(Code + Identifier + Length + 16 zero bytes + Attributes + Secret) equals the packet's authenticator. */
export function authenticatorValid(packet: Buffer, secret: string): boolean {
  const hash = createHash("md5");
  hash.update(packet.subarray(0, 4));
  hash.update(Buffer.alloc(16));
  hash.update(packet.subarray(HEADER));
  hash.update(secret);
  return timingSafeEqual(hash.digest(), packet.subarray(4, HEADER));
}

/** Every attribute is at least 2 bytes long and they end exactly at the declared length. */
function attributesFit(datagram: Buffer, length: number): boolean {
  let at = HEADER;
  while (at < length) {
    if (at + 2 > length) return false;
    const size = datagram[at + 1] as number;
    if (size < 2 || at + size > length) return false;
    at += size;
  }
  return true;
}

function requestOf(packet: RadiusPacket): AccountingRequest {
  const attributes = packet.attributes as Record<string, unknown>;
  const status = first(attributes["Acct-Status-Type"]);
  return {
    status: statusOf(status),
    user: text(attributes["User-Name"]),
    ipv4: ipv4(text(attributes["Framed-IP-Address"])),
    ipv6: ipv6Of(packet),
    mac: normaliseMac(text(attributes["Calling-Station-Id"])),
    session: text(attributes["Acct-Session-Id"]),
    sessionTimeout: seconds(attributes["Session-Timeout"]),
    interimInterval: seconds(attributes["Acct-Interim-Interval"]),
    packet,
  };
}

function statusOf(value: unknown): AccountingStatus {
  if (value === "Start") return "start";
  if (value === "Interim-Update") return "interim";
  if (value === "Stop") return "stop";
  // The controller (re)started or is shutting down: all its sessions are gone.
  if (value === "Accounting-On" || value === "Accounting-Off") return "restart";
  return "other";
}

/** A repeated attribute decodes as an array: the first one counts. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | null {
  const one = first(value);
  return typeof one === "string" && one.length > 0 ? one : null;
}

function seconds(value: unknown): number | null {
  const one = first(value);
  return typeof one === "number" && one > 0 ? one : null;
}

function ipv4(value: string | null): string | null {
  return value && /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ? value : null;
}

/** Framed-IPv6-Address (RFC 6911), not in the codec's dictionaries: 16 bytes, written as the socket writes it. */
function ipv6Of(packet: RadiusPacket): string | null {
  const raw = packet.raw_attributes as [number, Buffer][];
  const value = raw.find(([type, bytes]) => type === FRAMED_IPV6_ADDRESS && bytes.length === 16)?.[1];
  if (!value) return null;
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(value.readUInt16BE(i).toString(16));
  // The URL parser writes an IPv6 address in its canonical text form (RFC 5952), like inet_ntop.
  return new URL(`http://[${groups.join(":")}]/`).hostname.slice(1, -1);
}

/** A station id as lower-case colon form (aa:bb:cc:dd:ee:ff) whatever the controller wrote, or null. */
export function normaliseMac(value: string | null): string | null {
  if (!value) return null;
  const hex = value.replace(/[-:.\s]/g, "").toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return hex.match(/../g)?.join(":") ?? null;
}
