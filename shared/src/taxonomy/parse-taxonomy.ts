import { z } from "zod";
import { checkYamlText } from "../text/checked-yaml.ts";
import { categorySchema } from "./category.ts";
import { buildTaxonomy, type Taxonomy, TaxonomyError } from "./taxonomy.ts";

const taxonomyFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  categories: z.array(categorySchema).min(1),
});

/** Parses and validates `blocklists/categories.yaml`; reports every problem at once. */
export function parseTaxonomy(text: string): Taxonomy {
  const result = checkYamlText(taxonomyFileSchema, text);
  if (!result.ok) throw new TaxonomyError(result.problems);
  return buildTaxonomy(result.value.categories);
}
