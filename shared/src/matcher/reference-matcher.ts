import type { Taxonomy } from "../taxonomy/taxonomy.ts";
import type { ListInfo } from "./list-info.ts";

/**
 * The matching rules written as plainly as possible, a Map of entries and a walk up the parents:
 * the executable specification that tests hold the compiled matcher to, and the baseline that
 * benchmarks compare it with. Names must be normalised (lower case, no trailing dot).
 */
export class ReferenceMatcher {
  readonly entries = new Map<string, number[]>();

  add(list: number, name: string): void {
    const lists = this.entries.get(name);
    if (!lists) this.entries.set(name, [list]);
    else if (!lists.includes(list)) lists.push(list);
  }

  /** Every suffix of `name` that is an entry, deepest first, with its lists. */
  match(name: string): { rule: string; lists: number[] }[] {
    const found: { rule: string; lists: number[] }[] = [];
    for (let suffix = name; ; ) {
      const lists = this.entries.get(suffix);
      if (lists) found.push({ rule: suffix, lists });
      const dot = suffix.indexOf(".");
      if (dot < 0) return found;
      suffix = suffix.slice(dot + 1);
    }
  }

  /** True if any suffix of `name` is an entry: the cheapest question, for the baseline. */
  matchesAny(name: string): boolean {
    for (let suffix = name; ; ) {
      if (this.entries.has(suffix)) return true;
      const dot = suffix.indexOf(".");
      if (dot < 0) return false;
      suffix = suffix.slice(dot + 1);
    }
  }

  /**
   * Categories blocking `name`: walking from the name up, a block entry counts unless an allow
   * entry for its category was met at the same suffix or a deeper one; locked categories always count.
   */
  blocking(name: string, lists: readonly ListInfo[], taxonomy: Taxonomy): string[] {
    const allowed = new Set<string>();
    const blocking = new Set<string>();
    for (const { lists: found } of this.match(name)) {
      for (const index of found) {
        const list = lists[index] as ListInfo;
        if (list.kind !== "allow") continue;
        for (const category of taxonomy.categories) {
          if (!category.locked && (list.allows.includes("*") || list.allows.includes(category.id)))
            allowed.add(category.id);
        }
      }
      for (const index of found) {
        const list = lists[index] as ListInfo;
        if (list.kind !== "block" || !list.category) continue;
        const locked = taxonomy.byId.get(list.category)?.locked ?? false;
        if (locked || !allowed.has(list.category)) blocking.add(list.category);
      }
    }
    return taxonomy.categories.filter((c) => blocking.has(c.id)).map((c) => c.id);
  }
}
