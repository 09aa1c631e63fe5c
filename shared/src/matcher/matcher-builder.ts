import { DomainMatcher } from "./domain-matcher.ts";
import { endA, endB, stepA, stepB } from "./label-hash.ts";
import { RuleSetInterner } from "./rule-sets.ts";
import { SuffixSetBuilder } from "./suffix-set-builder.ts";

const DOT = 46;

/**
 * Builds a DomainMatcher from list entries: each entry becomes one table slot keyed by the hash
 * of its labels, whose rule set records the lists that hold it. Entries must already be
 * normalised (lower-case ASCII, no trailing dot), as parseList delivers them.
 */
export class MatcherBuilder {
  private readonly suffixes: SuffixSetBuilder;
  private readonly sets = new RuleSetInterner();
  private readonly seedA: number;
  private readonly seedB: number;

  constructor(seedA: number, seedB: number, expectedEntries = 1024) {
    this.seedA = seedA | 0;
    this.seedB = seedB | 0;
    this.suffixes = new SuffixSetBuilder(expectedEntries);
  }

  /** Adds `name[start, start + length)` to list `list`; returns false if the list already had it. */
  addEntry(list: number, name: Uint8Array, start: number, length: number): boolean {
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
    const slot = this.suffixes.slotOf(a, b);
    const before = this.suffixes.valueAt(slot);
    const after = this.sets.withList(before, list);
    if (after === before) return false;
    this.suffixes.setValue(slot, after);
    return true;
  }

  get suffixCount(): number {
    return this.suffixes.size;
  }

  finish(): DomainMatcher {
    const { table, filter } = this.suffixes.compile();
    return new DomainMatcher(table, filter, this.seedA, this.seedB, this.sets.compile());
  }
}
