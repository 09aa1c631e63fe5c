import { domainToASCII } from "node:url";

/** Why a list line was not loaded. Closed union: reports and the CLI read it, nothing parses text. */
export type RejectReason =
  | "not-a-host-name"
  | "ip-address"
  | "single-label"
  | "too-long"
  | "bad-label"
  | "bad-idn"
  | "unsupported-rule";

/** Longest name DNS carries, in presentation form without the trailing dot. */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

const DOT = 46;
const HYPHEN = 45;
const UNDERSCORE = 95;

/** Lower-case ASCII byte for a host-name character, or -1 if the byte cannot appear in one. */
function hostByte(c: number): number {
  if (c >= 97 && c <= 122) return c; // a-z
  if (c >= 48 && c <= 57) return c; // 0-9
  if (c >= 65 && c <= 90) return c | 32; // A-Z
  if (c === HYPHEN || c === UNDERSCORE || c === DOT) return c;
  return -1;
}

/**
 * Copies `src[start, end)` into `out` as a normalised host name (lower case, one trailing dot
 * dropped) and returns its length, or a RejectReason. Only ASCII is handled here; names with
 * bytes >= 0x80 go through `normaliseUnicodeName` first.
 */
export function normaliseAsciiName(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
): number | RejectReason {
  if (end > start && src[end - 1] === DOT) end--;
  const length = end - start;
  if (length <= 0) return "not-a-host-name";
  if (length > MAX_NAME_LENGTH) return "too-long";
  let labelLength = 0;
  let labels = 1;
  let lastLabelNumeric = true;
  for (let i = 0; i < length; i++) {
    const c = hostByte(src[start + i] as number);
    if (c < 0) return "not-a-host-name";
    out[i] = c;
    if (c === DOT) {
      if (labelLength === 0) return "bad-label";
      labels++;
      labelLength = 0;
      lastLabelNumeric = true;
      continue;
    }
    if (++labelLength > MAX_LABEL_LENGTH) return "bad-label";
    if (c < 48 || c > 57) lastLabelNumeric = false;
  }
  if (labelLength === 0) return "bad-label";
  if (lastLabelNumeric) return "ip-address";
  if (labels < 2) return "single-label";
  return length;
}

/** Unicode (IDN) name → its ASCII `xn--` form per UTS #46, or null if it cannot be converted. */
export function unicodeNameToAscii(name: string): string | null {
  const ascii = domainToASCII(name);
  return ascii === "" ? null : ascii;
}

/** Presentation-form normalisation of one name for CLI input and tests: lower case, IDN to ASCII. */
export function normaliseName(name: string): string | RejectReason {
  let text = name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any byte >= 0x80 means IDN
  if (/[^\u0000-\u007f]/.test(text)) {
    const ascii = unicodeNameToAscii(text);
    if (ascii === null) return "bad-idn";
    text = ascii;
  }
  const bytes = Buffer.from(text, "latin1");
  const out = new Uint8Array(bytes.length);
  const result = normaliseAsciiName(bytes, 0, bytes.length, out);
  if (typeof result === "string") return result;
  return Buffer.from(out.buffer, 0, result).toString("latin1");
}
