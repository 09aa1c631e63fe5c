import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** The shared real-list corpus (../shared/corpus beside the repository), or FENCELINE_CORPUS. */
export const CORPUS = resolve(
  process.env.FENCELINE_CORPUS ?? new URL("../../../shared/corpus", import.meta.url).pathname,
);

if (!existsSync(resolve(CORPUS, "ut1")))
  throw new Error(`real list corpus not found at ${CORPUS}; set FENCELINE_CORPUS`);
