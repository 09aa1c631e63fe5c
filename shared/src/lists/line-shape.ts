import type { RejectReason } from "./host-name.ts";

/**
 * What one list line holds: nothing to load (comment, blank, hosts boilerplate), a line to reject,
 * or the byte ranges `[tokens[2i], tokens[2i+1])` of the names it lists. Reused across lines.
 */
export interface LineShape {
  kind: "skip" | "reject" | "names";
  reason?: RejectReason;
  tokens: Int32Array;
  count: number;
}

// The ASCII bytes the parser looks for, in groups by what they mark.
// White space between the tokens of a line (CR: files with Windows line ends).
const [SPACE, TAB, CR] = [32, 9, 13] as const;
// What starts a line to skip: a comment (#, Adblock's !) or an Adblock [header].
const [HASH, BANG, BRACKET] = [35, 33, 91] as const;
// Adblock rules: @@ exceptions, ||name^ anchors, /regular expressions/, *. wildcards.
const [AT, PIPE, CARET, SLASH, STAR] = [64, 124, 94, 47, 42] as const;
// Inside a name: label dots, and the colons that give an IPv6 address away.
const [DOT, COLON] = [46, 58] as const;

const DNSMASQ_PREFIXES = ["address=/", "server=/", "local=/"].map((p) => new TextEncoder().encode(p));
const IMPORTANT = new TextEncoder().encode("$important");
/** Names that hosts files map to loopback for the machine itself, not blocklist entries. */
const HOSTS_BOILERPLATE = [
  "localhost",
  "localhost.localdomain",
  "local",
  "broadcasthost",
  "ip6-localhost",
  "ip6-loopback",
  "ip6-localnet",
  "ip6-mcastprefix",
  "ip6-allnodes",
  "ip6-allrouters",
  "ip6-allhosts",
  "0.0.0.0",
].map((name) => new TextEncoder().encode(name));

function isSpace(c: number | undefined): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function startsWith(data: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[start + i] !== prefix[i]) return false;
  return true;
}

/** Classifies `data[start, end)` (one line without its newline) into `shape`. */
export function classifyLine(data: Uint8Array, start: number, end: number, shape: LineShape): void {
  shape.count = 0;
  shape.reason = undefined;
  while (end > start && isSpace(data[end - 1])) end--;
  while (start < end && isSpace(data[start])) start++;
  const c = data[start];
  if (start === end || c === HASH || c === BANG || c === BRACKET) {
    shape.kind = "skip";
    return;
  }
  if (c === AT && data[start + 1] === AT) {
    rejectLine(shape, "unsupported-rule");
    return;
  }
  if (c === PIPE && data[start + 1] === PIPE) {
    adblockRule(data, start + 2, end, shape);
    return;
  }
  if (c === SLASH) {
    rejectLine(shape, "unsupported-rule");
    return;
  }
  for (const prefix of DNSMASQ_PREFIXES) {
    if (startsWith(data, start, end, prefix)) {
      dnsmasqRule(data, start + prefix.length, end, shape);
      return;
    }
  }
  tokenise(data, start, end, shape);
  if (shape.count === 0) {
    shape.kind = "skip";
    return;
  }
  const first = shape.tokens[0] as number;
  const firstEnd = shape.tokens[1] as number;
  if (looksLikeIpAddress(data, first, firstEnd)) {
    if (shape.count === 1) {
      rejectLine(shape, "ip-address");
      return;
    }
    hostsLine(data, shape);
    return;
  }
  if (shape.count > 1) {
    rejectLine(shape, "not-a-host-name");
    return;
  }
  // `*.example.com` and `.example.com` both mean example.com and everything below it.
  if (data[first] === STAR && data[first + 1] === DOT) shape.tokens[0] = first + 2;
  else if (data[first] === DOT) shape.tokens[0] = first + 1;
  shape.kind = "names";
}

function rejectLine(shape: LineShape, reason: RejectReason): void {
  shape.kind = "reject";
  shape.reason = reason;
  shape.count = 0;
}

/** Splits on blanks, stopping at an inline `#` comment. */
function tokenise(data: Uint8Array, start: number, end: number, shape: LineShape): void {
  const max = shape.tokens.length / 2;
  let i = start;
  while (i < end && shape.count < max) {
    while (i < end && isSpace(data[i])) i++;
    if (i >= end || data[i] === HASH) return;
    const from = i;
    while (i < end && !isSpace(data[i])) i++;
    shape.tokens[2 * shape.count] = from;
    shape.tokens[2 * shape.count + 1] = i;
    shape.count++;
  }
}

function looksLikeIpAddress(data: Uint8Array, start: number, end: number): boolean {
  let colons = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = data[i] as number;
    if (c === COLON) colons++;
    else if (c === DOT) dots++;
    else if (!((c >= 48 && c <= 57) || (colons > 0 && (c | 32) >= 97 && (c | 32) <= 102))) return false;
  }
  return colons >= 2 || dots === 3;
}

/** `0.0.0.0 a.example b.example`: every name after the address, less loopback boilerplate. */
function hostsLine(data: Uint8Array, shape: LineShape): void {
  let kept = 0;
  for (let t = 1; t < shape.count; t++) {
    const from = shape.tokens[2 * t] as number;
    const to = shape.tokens[2 * t + 1] as number;
    if (isBoilerplate(data, from, to)) continue;
    shape.tokens[2 * kept] = from;
    shape.tokens[2 * kept + 1] = to;
    kept++;
  }
  shape.count = kept;
  shape.kind = kept === 0 ? "skip" : "names";
}

function isBoilerplate(data: Uint8Array, from: number, to: number): boolean {
  for (const name of HOSTS_BOILERPLATE) {
    if (name.length !== to - from) continue;
    let same = true;
    for (let i = 0; i < name.length && same; i++)
      same = ((data[from + i] as number) | 32) === ((name[i] as number) | 32);
    if (same) return true;
  }
  return false;
}

/** `||example.com^` (optionally `$important`); other modifiers need a browser, not DNS. */
function adblockRule(data: Uint8Array, start: number, end: number, shape: LineShape): void {
  let i = start;
  while (i < end && data[i] !== CARET) {
    const c = data[i];
    if (c === SLASH || c === STAR || c === 36 /* $ */ || isSpace(c)) {
      rejectLine(shape, "unsupported-rule");
      return;
    }
    i++;
  }
  const rest = i + 1;
  if (i < end && rest < end && !(end - rest === IMPORTANT.length && startsWith(data, rest, end, IMPORTANT))) {
    rejectLine(shape, "unsupported-rule");
    return;
  }
  shape.tokens[0] = start;
  shape.tokens[1] = i;
  shape.count = 1;
  shape.kind = "names";
}

/** `address=/a.example/b.example/0.0.0.0`, `server=/a.example/`, `local=/a.example/`. */
function dnsmasqRule(data: Uint8Array, start: number, end: number, shape: LineShape): void {
  const lastSlash = data.lastIndexOf(SLASH, end - 1);
  if (lastSlash < start) {
    rejectLine(shape, "unsupported-rule");
    return;
  }
  let from = start;
  for (let i = start; i <= lastSlash; i++) {
    if (data[i] !== SLASH) continue;
    if (i > from) {
      if (data[from] === HASH) {
        rejectLine(shape, "unsupported-rule");
        return;
      }
      shape.tokens[2 * shape.count] = from;
      shape.tokens[2 * shape.count + 1] = i;
      shape.count++;
      if (shape.count * 2 >= shape.tokens.length) break;
    }
    from = i + 1;
  }
  shape.kind = shape.count === 0 ? "reject" : "names";
  if (shape.count === 0) shape.reason = "not-a-host-name";
}
