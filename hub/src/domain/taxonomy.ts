import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ListSource, parseSourceManifest, parseTaxonomy, type Taxonomy } from "@fenceline/shared";

/** The category taxonomy the agents filter by, shipped in the blocklists package. */
export function loadDefaultTaxonomy(): Taxonomy {
  const path = fileURLToPath(import.meta.resolve("@fenceline/blocklists/categories.yaml"));
  return parseTaxonomy(readFileSync(path, "utf8"));
}

/** The list sources shipped in the blocklists package, checked against the taxonomy. */
export function loadDefaultSources(taxonomy: Taxonomy): ListSource[] {
  const path = fileURLToPath(import.meta.resolve("@fenceline/blocklists/sources.yaml"));
  return parseSourceManifest(readFileSync(path, "utf8"), taxonomy);
}
