import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The real-list corpus for tests that need real lists: FENCELINE_CORPUS when set, else the shared
 * corpus beside the repository (../shared/corpus), else the small attributed sample committed in
 * test/fixtures/corpus-sample (same folders and file names), so that a fresh clone tests too.
 */
const explicit = process.env.FENCELINE_CORPUS;
const shared = resolve(explicit ?? new URL("../../../shared/corpus", import.meta.url).pathname);
const SAMPLE = join(import.meta.dirname, "../fixtures/corpus-sample");

if (explicit && !existsSync(join(shared, "ut1")))
  throw new Error(`FENCELINE_CORPUS is set but holds no real list corpus (no ut1/ in ${shared})`);

/** True when the tests read the committed sample rather than the whole corpus. */
export const CORPUS_IS_SAMPLE = !existsSync(join(shared, "ut1"));
export const CORPUS = CORPUS_IS_SAMPLE ? SAMPLE : shared;
