import { z } from "zod";
import { readYaml } from "../yaml-text.ts";
import { categorySchema } from "./category.ts";
import { buildTaxonomy, type Taxonomy, TaxonomyError } from "./taxonomy.ts";

const taxonomyFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  categories: z.array(categorySchema).min(1),
});

/** Parses and validates `blocklists/categories.yaml`; reports every problem at once. */
export function parseTaxonomy(text: string): Taxonomy {
  const result = taxonomyFileSchema.safeParse(readYaml(text, (problem) => new TaxonomyError([problem])));
  if (!result.success) {
    throw new TaxonomyError(result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`));
  }
  return buildTaxonomy(result.data.categories);
}
