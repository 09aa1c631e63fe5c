import type { Taxonomy } from "../taxonomy/taxonomy.ts";
import type { ListInfo } from "./list-info.ts";
import { listsOf, type RuleSets, ruleSetCount } from "./rule-sets.ts";

/**
 * Category bit masks per rule set, computed once at load so that deciding a name is a few
 * integer operations: `block` holds the categories of the set's block lists, `allow` the unlocked
 * categories its allow lists override. A category's bit is its index in the taxonomy.
 */
export class CategoryMasks {
  readonly words: number;
  readonly block: Int32Array;
  readonly allow: Int32Array;
  readonly locked: Int32Array;

  constructor(ruleSets: RuleSets, lists: readonly ListInfo[], taxonomy: Taxonomy) {
    const words = Math.max(1, Math.ceil(taxonomy.categories.length / 32));
    const sets = ruleSetCount(ruleSets);
    this.words = words;
    this.block = new Int32Array(sets * words);
    this.allow = new Int32Array(sets * words);
    this.locked = new Int32Array(words);
    taxonomy.categories.forEach((category, bit) => {
      if (category.locked) setBit(this.locked, 0, bit);
    });
    const listBlock = lists.map((list) => maskOf(list.category ? [list.category] : [], taxonomy, words));
    const listAllow = lists.map((list) => {
      const ids = list.allows.includes("*") ? taxonomy.categories.map((c) => c.id) : list.allows;
      const mask = maskOf(ids, taxonomy, words);
      for (let w = 0; w < words; w++) mask[w] = (mask[w] as number) & ~(this.locked[w] as number);
      return mask;
    });
    for (let set = 0; set < sets; set++) {
      for (const list of listsOf(ruleSets, set)) {
        const kind = lists[list]?.kind;
        const from = (kind === "block" ? listBlock : listAllow)[list] as Int32Array;
        const into = kind === "block" ? this.block : this.allow;
        for (let w = 0; w < words; w++) into[set * words + w] = (into[set * words + w] as number) | (from[w] as number);
      }
    }
  }

  /**
   * The categories that block `matches` (as written by DomainMatcher, shallowest first) into
   * `into`. Most specific wins: an allow entry overrides block entries at its own suffix and
   * above it, never below it (allowing `blogspot.com` does not unblock `porn.blogspot.com`),
   * and never a locked category. Returns true if any category remains.
   */
  resolve(matches: Int32Array, count: number, into: Int32Array, allowed: Int32Array): boolean {
    const words = this.words;
    into.fill(0, 0, words);
    allowed.fill(0, 0, words);
    let any = 0;
    for (let m = count - 1; m >= 0; m--) {
      const base = (matches[2 * m] as number) * words;
      for (let w = 0; w < words; w++) {
        const allow = (allowed[w] as number) | (this.allow[base + w] as number);
        allowed[w] = allow;
        const blocked = (into[w] as number) | ((this.block[base + w] as number) & ~allow);
        into[w] = blocked;
        any |= blocked;
      }
    }
    return any !== 0;
  }
}

export function maskOf(ids: readonly string[], taxonomy: Taxonomy, words: number): Int32Array {
  const mask = new Int32Array(words);
  for (const id of ids) {
    const bit = taxonomy.indexOf.get(id);
    if (bit !== undefined) setBit(mask, 0, bit);
  }
  return mask;
}

function setBit(mask: Int32Array, base: number, bit: number): void {
  const w = base + (bit >>> 5);
  mask[w] = (mask[w] as number) | (1 << (bit & 31));
}

export function hasBit(mask: Int32Array, base: number, bit: number): boolean {
  return (((mask[base + (bit >>> 5)] as number) >>> (bit & 31)) & 1) === 1;
}

/** True when the two masks share a category. */
export function intersects(a: Int32Array, b: Int32Array, words: number): boolean {
  for (let w = 0; w < words; w++) if (((a[w] as number) & (b[w] as number)) !== 0) return true;
  return false;
}
