import { endA, endB, stepA, stepB } from "./label-hash.ts";
import type { RuleSets } from "./rule-sets.ts";
import type { SuffixFilter } from "./suffix-filter.ts";
import type { SuffixTable } from "./suffix-table.ts";

/** Longest label sequence a DNS name can have (255 bytes of 1-byte labels). */
const MAX_LABELS = 128;

/**
 * Room for every match of one name: `[ruleSet, start]` pairs, where `start` is the offset of the
 * matched suffix in the name (character index for strings, label-length byte for wire names).
 */
export function createMatchBuffer(): Int32Array {
  return new Int32Array(2 * MAX_LABELS);
}

/**
 * Looks names up in the compiled suffix table, right to left a label at a time: each suffix's
 * hash extends its parent's, the filter rules out nearly every suffix that is not an entry from
 * cache, and only the rest are looked up in the table. Writes the matched suffixes, shallowest
 * first, into a caller-owned buffer and allocates nothing, on strings or on DNS wire bytes alike.
 * ASCII case is folded on the fly.
 */
export class DomainMatcher {
  readonly table: SuffixTable;
  readonly filter: SuffixFilter;
  readonly seedA: number;
  readonly seedB: number;
  readonly ruleSets: RuleSets;
  private readonly labelStarts = new Int32Array(MAX_LABELS);

  constructor(table: SuffixTable, filter: SuffixFilter, seedA: number, seedB: number, ruleSets: RuleSets) {
    this.table = table;
    this.filter = filter;
    this.seedA = seedA;
    this.seedB = seedB;
    this.ruleSets = ruleSets;
  }

  /** Matches of a presentation-form name (`www.Example.com` or `example.com.`); returns their count. */
  matchName(name: string, out: Int32Array): number {
    let end = name.length;
    if (end > 0 && name.charCodeAt(end - 1) === 46) end--;
    const table = this.table;
    const filter = this.filter;
    let a = this.seedA;
    let b = this.seedB;
    let count = 0;
    let labelEnd = end;
    // One pass from the end: bytes fold into the hash until a dot closes the label.
    for (let i = end - 1; ; i--) {
      const c = i >= 0 ? name.charCodeAt(i) : 46;
      if (c !== 46) {
        a = stepA(a, c);
        b = stepB(b, c);
        continue;
      }
      a = endA(a, labelEnd - i - 1);
      b = endB(b, labelEnd - i - 1);
      if (filter.mayContain(a, b)) {
        const value = table.find(a, b);
        if (value > 0) {
          out[2 * count] = value;
          out[2 * count + 1] = i + 1;
          count++;
        }
      }
      if (i < 0) break;
      labelEnd = i;
    }
    return count;
  }

  /**
   * Matches of the uncompressed wire-format name at `bytes[offset]` (a DNS question name);
   * returns their count, or -1 when the name is malformed (bad label length, too long, runs off
   * the buffer, or uses a compression pointer).
   */
  matchWire(bytes: Uint8Array, offset: number, out: Int32Array): number {
    const starts = this.labelStarts;
    let labels = 0;
    let p = offset;
    for (;;) {
      if (p >= bytes.length) return -1;
      const length = bytes[p] as number;
      if (length === 0) break;
      if (length > 63 || labels === MAX_LABELS) return -1;
      starts[labels++] = p;
      p += length + 1;
      if (p - offset > 254) return -1;
    }
    const table = this.table;
    const filter = this.filter;
    let a = this.seedA;
    let b = this.seedB;
    let count = 0;
    for (let k = labels - 1; k >= 0; k--) {
      const start = starts[k] as number;
      const length = bytes[start] as number;
      for (let j = start + length; j > start; j--) {
        const c = bytes[j] as number;
        a = stepA(a, c);
        b = stepB(b, c);
      }
      a = endA(a, length);
      b = endB(b, length);
      if (filter.mayContain(a, b)) {
        const value = table.find(a, b);
        if (value > 0) {
          out[2 * count] = value;
          out[2 * count + 1] = start;
          count++;
        }
      }
    }
    return count;
  }

  /** Bytes of typed arrays behind the matcher: table, filter and rule sets. */
  get byteLength(): number {
    return (
      this.table.byteLength + this.filter.byteLength + this.ruleSets.offsets.byteLength + this.ruleSets.lists.byteLength
    );
  }
}
