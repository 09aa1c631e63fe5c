import type { Category } from "./category.ts";

/** The category taxonomy, in a fixed order that gives each category its bit in a mask. */
export interface Taxonomy {
  categories: Category[];
  byId: ReadonlyMap<string, Category>;
  indexOf: ReadonlyMap<string, number>;
}

export class TaxonomyError extends Error {
  readonly code = "taxonomy-invalid";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`category taxonomy is invalid:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

export function buildTaxonomy(categories: Category[]): Taxonomy {
  const problems: string[] = [];
  const byId = new Map<string, Category>();
  const indexOf = new Map<string, number>();
  categories.forEach((category, i) => {
    if (byId.has(category.id)) problems.push(`categories[${i}]: duplicate id "${category.id}"`);
    if (category.locked && Object.values(category.actions).some((a) => a !== "block")) {
      problems.push(`categories[${i}] (${category.id}): a locked category must block for every group`);
    }
    byId.set(category.id, category);
    indexOf.set(category.id, i);
  });
  if (problems.length > 0) throw new TaxonomyError(problems);
  return { categories, byId, indexOf };
}
