import { DomainMatcher } from "./domain-matcher.ts";
import { endA, endB, stepA, stepB } from "./label-hash.ts";
import { sortByLaneA } from "./radix-order.ts";
import { RuleSetInterner } from "./rule-sets.ts";
import { buildSuffixFilter } from "./suffix-filter.ts";
import { layOutSortedSuffixTable, MAX_VALUE } from "./suffix-table.ts";

const DOT = 46;
/** Share of table slots in use: compact, and lookups still stop within a slot or two. */
const TABLE_LOAD = 0.8;

/**
 * Builds a DomainMatcher from list entries. Each entry is hashed and its (lane A, lane B, list)
 * appended to flat arrays, in order, touching no table; `finish` sorts them by lane A (radix),
 * merges repeats into rule sets, and writes the table in one sequential pass. Entries must be
 * normalised (lower-case ASCII, no trailing dot), as parseList delivers them.
 */
export class MatcherBuilder {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private lists: Uint16Array;
  private count = 0;
  private readonly seedA: number;
  private readonly seedB: number;

  constructor(seedA: number, seedB: number, expectedEntries = 1024) {
    this.seedA = seedA | 0;
    this.seedB = seedB | 0;
    const capacity = Math.max(1024, expectedEntries);
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.lists = new Uint16Array(capacity);
  }

  /** Adds `name[start, start + length)` to list `list`. */
  addEntry(list: number, name: Uint8Array, start: number, length: number): void {
    let a = this.seedA;
    let b = this.seedB;
    let labelEnd = start + length;
    for (let i = labelEnd - 1; i >= start - 1; i--) {
      const c = i >= start ? (name[i] as number) : DOT;
      if (c !== DOT) {
        a = stepA(a, c);
        b = stepB(b, c);
        continue;
      }
      a = endA(a, labelEnd - i - 1);
      b = endB(b, labelEnd - i - 1);
      labelEnd = i;
    }
    if (this.count === this.keysA.length) this.grow();
    this.keysA[this.count] = a;
    this.keysB[this.count] = b;
    this.lists[this.count] = list;
    this.count++;
  }

  /** The matcher, and per list how many of its entries repeated one it already had. */
  finish(listCount: number): { matcher: DomainMatcher; entries: number; duplicates: Uint32Array } {
    const count = this.count;
    const { a: keysA, b: keysB, lists } = sortByLaneA({ a: this.keysA, b: this.keysB, lists: this.lists }, count);
    const sets = new RuleSetInterner();
    const duplicates = new Uint32Array(listCount);
    const uniqueA = new Int32Array(count);
    const uniqueB = new Int32Array(count);
    const values = new Int32Array(count);
    let unique = 0;
    const merged = new Uint8Array(64);
    for (let r = 0; r < count; ) {
      // A run of equal lane A; within it, equal lane B is the same entry (different B: a rare collision).
      const a = keysA[r] as number;
      let end = r + 1;
      while (end < count && keysA[end] === a) end++;
      if (end - r > merged.length) throw new RangeError(`${end - r} entries share one hash lane`);
      merged.fill(0, 0, end - r);
      for (let i = r; i < end; i++) {
        if (merged[i - r]) continue;
        const b = keysB[i] as number;
        let set = 0;
        for (let j = i; j < end; j++) {
          if (merged[j - r] || keysB[j] !== b) continue;
          merged[j - r] = 1;
          const list = lists[j] as number;
          const next = sets.withList(set, list);
          if (next === set) duplicates[list] = (duplicates[list] as number) + 1;
          set = next;
        }
        if (set > MAX_VALUE) throw new RangeError(`more than ${MAX_VALUE} distinct rule sets`);
        uniqueA[unique] = a;
        uniqueB[unique] = b;
        values[unique] = set;
        unique++;
      }
      r = end;
    }
    const filter = buildSuffixFilter(uniqueA, uniqueB, unique);
    let capacity = Math.max(16, Math.ceil(unique / TABLE_LOAD));
    for (;;) {
      const table = layOutSortedSuffixTable(uniqueA, uniqueB, values, unique, capacity);
      if (table) {
        const matcher = new DomainMatcher(table, filter, this.seedA, this.seedB, sets.compile());
        return { matcher, entries: unique, duplicates };
      }
      capacity = Math.ceil(capacity * 1.1);
    }
  }

  private grow(): void {
    const grow = <T extends Int32Array | Uint16Array>(array: T, make: (n: number) => T): T => {
      const next = make(array.length * 2);
      next.set(array);
      return next;
    };
    this.keysA = grow(this.keysA, (n) => new Int32Array(n));
    this.keysB = grow(this.keysB, (n) => new Int32Array(n));
    this.lists = grow(this.lists, (n) => new Uint16Array(n));
  }
}
