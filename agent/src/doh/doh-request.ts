import { createHash } from "node:crypto";
import { cacheTtl, readResponseLayout } from "../dns/response-records.ts";

/** RFC 8484's media type, for POST bodies and every answer. */
export const DNS_MESSAGE = "application/dns-message";
/** The largest DNS message (a TCP length prefix's range); bodies past it are refused unread. */
export const MAX_DNS_MESSAGE = 65_535;
/** The smallest DNS message: a header. */
const MIN_DNS_MESSAGE = 12;
const PATH_PREFIX = "/dns-query/";
/** Tokens are base64url (the hub's are "fldoh_" and 43 characters); anything else is no token. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Why a request gets no DNS answer, with its HTTP status; the reason labels the refusal metric. */
export interface DohRefusal {
  status: 400 | 401 | 404 | 405 | 415;
  reason: "path" | "token" | "method" | "media-type" | "malformed" | "too-large";
}

export const REFUSALS = {
  path: { status: 404, reason: "path" },
  token: { status: 401, reason: "token" },
  method: { status: 405, reason: "method" },
  mediaType: { status: 415, reason: "media-type" },
  malformed: { status: 400, reason: "malformed" },
  tooLarge: { status: 400, reason: "too-large" },
} as const satisfies Record<string, DohRefusal>;

/** The device token in `/dns-query/<token>` (a query string after it is allowed); null for any other path. */
export function tokenFromPath(path: string): string | null {
  const end = path.indexOf("?");
  const bare = end < 0 ? path : path.slice(0, end);
  if (!bare.startsWith(PATH_PREFIX)) return null;
  const token = bare.slice(PATH_PREFIX.length);
  return TOKEN.test(token) ? token : null;
}

/** A token as the policy knows it: its SHA-256, in lower-case hex. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The message of a GET: the `dns` parameter, base64url without padding (RFC 8484 §4.1). */
export function messageFromQuery(path: string): Uint8Array | DohRefusal {
  const start = path.indexOf("?");
  const value = start < 0 ? null : new URLSearchParams(path.slice(start + 1)).get("dns");
  if (!value || !BASE64URL.test(value)) return REFUSALS.malformed;
  if (value.length > Math.ceil((MAX_DNS_MESSAGE * 4) / 3)) return REFUSALS.tooLarge;
  return checkedMessage(new Uint8Array(Buffer.from(value, "base64url")));
}

/** Whether a POST says it carries a DNS message (parameters after the type are allowed). */
export function isDnsMessageType(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === DNS_MESSAGE;
}

/** A message that is at least a header and at most the DNS maximum. */
export function checkedMessage(bytes: Uint8Array): Uint8Array | DohRefusal {
  if (bytes.length > MAX_DNS_MESSAGE) return REFUSALS.tooLarge;
  if (bytes.length < MIN_DNS_MESSAGE) return REFUSALS.malformed;
  return bytes;
}

/** RFC 8484 §5.1: an answer may be kept as long as its smallest TTL (negative ones by RFC 2308; errors not at all). */
export function cacheControl(response: Uint8Array): string {
  const layout = readResponseLayout(response);
  const ttl = layout ? cacheTtl(layout) : null;
  return `max-age=${ttl ?? 0}`;
}

export function isRefusal(value: Uint8Array | DohRefusal): value is DohRefusal {
  return !(value instanceof Uint8Array);
}
