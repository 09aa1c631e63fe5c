import type { Category } from "../taxonomy/category.ts";
import { CompiledLists } from "./compiled-lists.ts";
import type { ListInfo } from "./list-info.ts";
import { withSamples } from "./list-samples.ts";
import { MatcherBuilder } from "./matcher-builder.ts";

export interface InMemoryList {
  id: string;
  kind: "block" | "allow";
  category?: string;
  allows?: string[];
  /** Normalised names (lower case, no trailing dot). */
  entries: string[];
}

/**
 * Compiles small in-memory lists (an admin's own entries, test fixtures) into CompiledLists,
 * the same structure a snapshot file loads into.
 */
export function listsFromEntries(
  categories: Category[],
  lists: InMemoryList[],
  seed = [0x9e3779b9, 0x85ebca6b],
): CompiledLists {
  const builder = new MatcherBuilder(
    seed[0] as number,
    seed[1] as number,
    lists.reduce((n, l) => n + l.entries.length, 0),
  );
  const infos: ListInfo[] = lists.map((list, index) => {
    for (const entry of list.entries) {
      const bytes = new TextEncoder().encode(entry);
      builder.addEntry(index, bytes, 0, bytes.length);
    }
    const info: ListInfo = {
      id: list.id,
      kind: list.kind,
      category: list.category ?? null,
      allows: list.allows ?? [],
      version: "in-memory",
      entries: list.entries.length,
    };
    return withSamples(info, categories, list.entries);
  });
  const { matcher, entries } = builder.finish(lists.length);
  return new CompiledLists(matcher, {
    version: "in-memory",
    builtAt: new Date(0).toISOString(),
    categories,
    lists: infos,
    suffixes: entries,
  });
}
