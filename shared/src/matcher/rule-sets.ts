/**
 * Rule sets: which lists hold a suffix. Many suffixes share a set (most are in one list), so a
 * suffix stores a small set id and the sets live once, as `offsets` into `lists`. Set 0 is the
 * empty set, used by suffixes that are only parents of entries.
 */
export interface RuleSets {
  /** offsets[i]..offsets[i+1] delimit set i in `lists`. */
  offsets: Uint32Array;
  /** List indexes, ascending within each set. */
  lists: Uint16Array;
}

export function ruleSetCount(sets: RuleSets): number {
  return sets.offsets.length - 1;
}

export function listsOf(sets: RuleSets, id: number): Uint16Array {
  return sets.lists.subarray(sets.offsets[id] as number, sets.offsets[id + 1] as number);
}

/** Interns sets while lists are read, one (set, list) → set transition at a time. */
export class RuleSetInterner {
  private readonly sets: number[][] = [[]];
  private readonly ids = new Map<string, number>([["", 0]]);
  private readonly transitions = new Map<number, number>();
  /** `{list}` by list: the transition nearly every entry takes, without a Map lookup. */
  private readonly singletons: number[] = [];

  /** The id of `set ∪ {list}`. */
  withList(set: number, list: number): number {
    if (set === 0) {
      const single = this.singletons[list];
      if (single !== undefined) return single;
    }
    const key = set * 65536 + list;
    const known = this.transitions.get(key);
    if (known !== undefined) return known;
    const members = this.sets[set] as number[];
    let id = set;
    if (!members.includes(list)) {
      const next = [...members, list].sort((x, y) => x - y);
      const text = next.join(",");
      id = this.ids.get(text) ?? this.add(next, text);
    }
    this.transitions.set(key, id);
    if (set === 0) this.singletons[list] = id;
    return id;
  }

  compile(): RuleSets {
    const offsets = new Uint32Array(this.sets.length + 1);
    let total = 0;
    this.sets.forEach((members, i) => {
      offsets[i] = total;
      total += members.length;
    });
    offsets[this.sets.length] = total;
    return { offsets, lists: Uint16Array.from(this.sets.flat()) };
  }

  private add(members: number[], text: string): number {
    const id = this.sets.length;
    this.sets.push(members);
    this.ids.set(text, id);
    return id;
  }
}
