import type { Category, GroupKind } from "../taxonomy/category.ts";
import { buildTaxonomy, type Taxonomy } from "../taxonomy/taxonomy.ts";
import { CategoryMasks, hasBit, intersects, maskOf } from "./category-masks.ts";
import { createMatchBuffer, type DomainMatcher } from "./domain-matcher.ts";
import type { ListInfo } from "./list-info.ts";
import { listsOf } from "./rule-sets.ts";

/** What a snapshot says of itself besides the table. */
export interface SnapshotMeta {
  /** Content version: a hash of the taxonomy and every list's version, equal for equal content. */
  version: string;
  builtAt: string;
  categories: Category[];
  lists: ListInfo[];
  /** Suffixes in the table (entries and their parents). */
  suffixes: number;
}

/** One category a name matched, with the rule that matched it. */
export interface CategoryMatch {
  id: string;
  list: string;
  listVersion: string;
  /** The list entry that matched: the name itself or one of its parents. */
  rule: string;
  locked: boolean;
}

export interface NameExplanation {
  name: string;
  /** Every block-list match, deepest suffix first. */
  categories: CategoryMatch[];
  /** The allow entry that overrode a block, if any. */
  allowedBy: { list: string; rule: string } | null;
  /** Categories still blocking after allow entries (locked ones always stay). */
  blocking: string[];
}

/** A loaded list snapshot: the matcher with its lists, taxonomy and category masks. */
export class CompiledLists {
  readonly matcher: DomainMatcher;
  readonly meta: SnapshotMeta;
  readonly taxonomy: Taxonomy;
  readonly masks: CategoryMasks;
  /** Categories each default group kind blocks (locked ones included). */
  readonly defaultBlocks: Record<GroupKind, Int32Array>;

  constructor(matcher: DomainMatcher, meta: SnapshotMeta) {
    this.matcher = matcher;
    this.meta = meta;
    this.taxonomy = buildTaxonomy(meta.categories);
    this.masks = new CategoryMasks(matcher.ruleSets, meta.lists, this.taxonomy);
    const blocking = (kind: GroupKind) =>
      maskOf(
        meta.categories.filter((c) => c.locked || c.actions[kind] === "block").map((c) => c.id),
        this.taxonomy,
        this.masks.words,
      );
    this.defaultBlocks = { student: blocking("student"), staff: blocking("staff"), guest: blocking("guest") };
  }

  /** Explains a normalised presentation-form name: every match, the overriding allow, the result. */
  explain(name: string): NameExplanation {
    const matches = createMatchBuffer();
    const count = this.matcher.matchName(name, matches);
    const words = this.masks.words;
    const blocking = new Int32Array(words);
    this.masks.resolve(matches, count, blocking, new Int32Array(words));
    const categories: CategoryMatch[] = [];
    let allowedBy: NameExplanation["allowedBy"] = null;
    const allowsSoFar: { list: string; rule: string; mask: Int32Array }[] = [];
    for (let m = count - 1; m >= 0; m--) {
      const set = matches[2 * m] as number;
      const rule = name
        .slice(matches[2 * m + 1] as number)
        .replace(/\.$/, "")
        .toLowerCase();
      const here = [...listsOf(this.matcher.ruleSets, set)].map((index) => this.meta.lists[index] as ListInfo);
      // Allow entries at this suffix count before its block entries: the deeper or equal allow wins.
      for (const list of here) {
        if (list.kind === "allow") {
          allowsSoFar.push({ list: list.id, rule, mask: this.masks.allow.subarray(set * words, (set + 1) * words) });
        }
      }
      for (const list of here) {
        if (list.kind !== "block") continue;
        const bit = this.taxonomy.indexOf.get(list.category ?? "") ?? -1;
        const category = this.taxonomy.categories[bit] as Category;
        categories.push({ id: category.id, list: list.id, listVersion: list.version, rule, locked: category.locked });
        if (!allowedBy && !hasBit(blocking, 0, bit)) {
          const by = allowsSoFar.find((allow) => hasBit(allow.mask, 0, bit));
          if (by) allowedBy = { list: by.list, rule: by.rule };
        }
      }
    }
    return {
      name,
      categories,
      allowedBy,
      blocking: this.taxonomy.categories.filter((_, bit) => hasBit(blocking, 0, bit)).map((c) => c.id),
    };
  }

  /** Whether a default group of this kind would block the explained name. */
  blocksFor(kind: GroupKind, explanation: NameExplanation): boolean {
    const mask = maskOf(explanation.blocking, this.taxonomy, this.masks.words);
    return intersects(mask, this.defaultBlocks[kind], this.masks.words);
  }
}
