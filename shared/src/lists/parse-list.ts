import { normaliseAsciiName, type RejectReason, unicodeNameToAscii } from "./host-name.ts";
import { classifyLine, type LineShape } from "./line-shape.ts";

/** One rejected line, kept so that a list's maintainer can find and fix it. */
export interface RejectedLine {
  line: number;
  reason: RejectReason;
  text: string;
}

/** What parsing one list found. `entries` counts accepted names (a hosts line may hold several). */
export interface ListParseReport {
  lines: number;
  entries: number;
  skipped: number;
  rejected: number;
  reasons: Partial<Record<RejectReason, number>>;
  /** The first rejected lines with their numbers (at most `MAX_REJECTED_SAMPLES`). */
  samples: RejectedLine[];
}

/**
 * Receives each accepted name as normalised lower-case ASCII bytes `name[0, length)`. The buffer
 * is reused for the next name: copy what you keep.
 */
export type EntrySink = (name: Uint8Array, length: number) => void;

const MAX_REJECTED_SAMPLES = 50;
const NEWLINE = 10;

/**
 * Parses one list file in any supported format (plain domains, hosts, adblock `||d^`, dnsmasq
 * `address=/d/…`, `*.d`), line by line on bytes; see `line-shape.ts` for the shapes. Comments,
 * blank lines and hosts boilerplate are skipped; anything else that is not a host name is
 * rejected and counted with its line number. Never throws on content.
 */
export function parseList(data: Uint8Array, sink: EntrySink): ListParseReport {
  const report: ListParseReport = {
    lines: 0,
    entries: 0,
    skipped: 0,
    rejected: 0,
    reasons: {},
    samples: [],
  };
  const name = new Uint8Array(512);
  const shape: LineShape = { kind: "skip", tokens: new Int32Array(64), count: 0 };
  let pos = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (pos < data.length) {
    let end = data.indexOf(NEWLINE, pos);
    if (end < 0) end = data.length;
    report.lines++;
    classifyLine(data, pos, end, shape);
    if (shape.kind === "skip") {
      report.skipped++;
    } else if (shape.kind === "reject") {
      reject(report, data, pos, end, shape.reason ?? "not-a-host-name");
    } else {
      for (let t = 0; t < shape.count; t++) {
        const from = shape.tokens[2 * t] as number;
        const to = shape.tokens[2 * t + 1] as number;
        const result = hasHighByte(data, from, to)
          ? normaliseIdn(data, from, to, name)
          : normaliseAsciiName(data, from, to, name);
        if (typeof result === "string") {
          reject(report, data, pos, end, result);
        } else {
          report.entries++;
          sink(name, result);
        }
      }
    }
    pos = end + 1;
  }
  return report;
}

function hasHighByte(data: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((data[i] as number) >= 0x80) return true;
  return false;
}

function normaliseIdn(data: Uint8Array, from: number, to: number, out: Uint8Array): number | RejectReason {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(data.subarray(from, to));
  const ascii = unicodeNameToAscii(text);
  if (ascii === null || ascii.length > out.length) return "bad-idn";
  const bytes = new TextEncoder().encode(ascii);
  return normaliseAsciiName(bytes, 0, bytes.length, out);
}

function reject(report: ListParseReport, data: Uint8Array, start: number, end: number, reason: RejectReason): void {
  report.rejected++;
  report.reasons[reason] = (report.reasons[reason] ?? 0) + 1;
  if (report.samples.length < MAX_REJECTED_SAMPLES) {
    const text = new TextDecoder().decode(data.subarray(start, Math.min(end, start + 200)));
    report.samples.push({ line: report.lines, reason, text: text.trimEnd() });
  }
}
