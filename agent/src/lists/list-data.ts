import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type ListSource, parseSourceManifest, parseTaxonomy, type Taxonomy } from "@fenceline/shared";

/** The taxonomy and sources manifest shipped in the blocklists package. */
export const DEFAULT_TAXONOMY_PATH = fileURLToPath(import.meta.resolve("@fenceline/blocklists/categories.yaml"));
export const DEFAULT_MANIFEST_PATH = fileURLToPath(import.meta.resolve("@fenceline/blocklists/sources.yaml"));

export async function loadTaxonomy(path = DEFAULT_TAXONOMY_PATH): Promise<Taxonomy> {
  return parseTaxonomy(await readFile(path, "utf8"));
}

export async function loadManifest(path: string, taxonomy: Taxonomy): Promise<ListSource[]> {
  return parseSourceManifest(await readFile(path, "utf8"), taxonomy);
}
