import type { Category } from "@fenceline/shared";
import type { ListSource } from "@fenceline/shared/lists";
import { compileLists } from "../lists/compile-lists.ts";
import { readSnapshotFile, writeSnapshotFile } from "../lists/snapshot-file.ts";
import type { SourceReport } from "../lists/source-report.ts";
import type { CommandIo } from "./command-io.ts";

/** What an agent applies with no downloaded list: said the same way wherever it is said. */
export const BUILT_IN_RULES =
  "the built-in rules only (safe search, circumvention names, each group's own allow and block names)";

/**
 * Sources that should have given a list and did not. One with no place in this origin (no mirror
 * path when reading a mirror, no download address otherwise: a feed the operator supplies) that
 * was left out is not one: there was nothing to fetch.
 */
export function unavailableSources(
  sources: ListSource[],
  reports: SourceReport[],
  fromMirror: boolean,
): SourceReport[] {
  const placed = new Set(sources.filter((s) => (fromMirror ? s.mirror : s.url)).map((s) => s.id));
  // Failures first: they say more than "not in the mirror".
  return reports
    .filter((r) => r.status !== "loaded" && (r.status !== "not-configured" || placed.has(r.id)))
    .sort((a, b) => Number(a.status === "not-configured") - Number(b.status === "not-configured"));
}

/** One plain sentence on what could not be had, with the first few reasons. */
export function unavailableSummary(unavailable: SourceReport[], loaded: number): string {
  const examples = unavailable
    .slice(0, 3)
    .map((r) => `  ${r.id}: ${r.error ?? r.status}\n`)
    .join("");
  const more = unavailable.length > 3 ? `  ... and ${unavailable.length - 3} more (each source's line is above)\n` : "";
  const what =
    loaded === 0
      ? `No list could be fetched (${unavailable.length} sources unavailable: no internet, or no mirror?):`
      : `${unavailable.length} lists could not be fetched or were refused:`;
  return `${what}\n${examples}${more}`;
}

/**
 * `lists compile --empty-if-unavailable`: the lists could not be compiled, yet an agent should
 * start. A snapshot already at `out` that opens is kept (an earlier good compile beats none);
 * otherwise one holding no lists is written, so the agent serves on its built-in rules and its
 * list updater fetches the lists when it can.
 */
export async function fallBackToBuiltIn(out: string, categories: Category[], io: CommandIo): Promise<void> {
  try {
    const kept = readSnapshotFile(out).meta;
    io.out(
      `keeping ${out}: version ${kept.version}, ${kept.lists.length} lists, built ${kept.builtAt}; ` +
        "the agent fetches newer lists when it can\n",
    );
    return;
  } catch {
    // No usable snapshot there: write the empty one.
  }
  const empty = await compileLists({ categories, sources: [], origin: {} });
  if (!empty.snapshot || !empty.meta) throw new Error("cannot build a snapshot with no lists");
  await writeSnapshotFile(out, empty.snapshot);
  io.out(
    `wrote ${out}: version ${empty.meta.version}, no lists: the agent starts on ${BUILT_IN_RULES} ` +
      "and fetches the lists when it can\n",
  );
}
