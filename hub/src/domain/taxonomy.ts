import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseTaxonomy, type Taxonomy } from "@fenceline/shared";

/** The category taxonomy the agents filter by, shipped in the blocklists package. */
export function loadDefaultTaxonomy(): Taxonomy {
  const path = fileURLToPath(import.meta.resolve("@fenceline/blocklists/categories.yaml"));
  return parseTaxonomy(readFileSync(path, "utf8"));
}
