import { parseArgs } from "node:util";
import { compileLists } from "../lists/compile-lists.ts";
import { DEFAULT_TAXONOMY_PATH, loadManifest, loadTaxonomy } from "../lists/list-data.ts";
import { writeSnapshotFile } from "../lists/snapshot-file.ts";
import type { SourceReport } from "../lists/source-report.ts";
import type { CommandIo } from "./command-io.ts";
import { BUILT_IN_RULES, fallBackToBuiltIn, unavailableSources, unavailableSummary } from "./lists-fallback.ts";

/** `fenceline lists compile`: sources → snapshot file, with a line of counts per source. */
export async function runListsCompile(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      manifest: { type: "string" },
      mirror: { type: "string" },
      out: { type: "string" },
      taxonomy: { type: "string", default: DEFAULT_TAXONOMY_PATH },
      "skip-missing": { type: "boolean", default: false },
      "empty-if-unavailable": { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.manifest || !values.out) {
    io.err("fenceline lists compile: --manifest <file> and --out <snapshot> are required\n");
    return 2;
  }
  const taxonomy = await loadTaxonomy(values.taxonomy);
  const sources = await loadManifest(values.manifest, taxonomy);
  const result = await compileLists({
    categories: taxonomy.categories,
    sources,
    origin: values.mirror === undefined ? {} : { mirror: values.mirror },
    skipMissing: values["skip-missing"],
  });
  io.out(
    `${"source".padEnd(28)} ${"status".padEnd(15)} ${"entries".padStart(9)} ${"dups".padStart(7)} ${"skipped".padStart(8)} ${"rejected".padStart(8)}\n`,
  );
  for (const report of result.reports) io.out(formatReport(report));
  const failed = result.reports.filter((r) => r.status === "missing" || r.status === "failed");
  const unavailable = unavailableSources(sources, result.reports, values.mirror !== undefined);
  const loaded = result.reports.filter((r) => r.status === "loaded").length;
  if ((!result.snapshot || !result.meta) && values["empty-if-unavailable"]) {
    io.err(`\n${unavailableSummary(unavailable, loaded)}`);
    io.out("\n");
    await fallBackToBuiltIn(values.out, taxonomy.categories, io);
    return 0;
  }
  if (!result.snapshot || !result.meta) {
    io.err(`\nfenceline lists compile: ${failed.length} source(s) failed; no snapshot written:\n`);
    for (const report of failed) io.err(`  ${report.id}: ${report.error}\n${sampleLines(report)}`);
    return 1;
  }
  await writeSnapshotFile(values.out, result.snapshot);
  const entries = result.reports.reduce((sum, r) => sum + r.entries, 0);
  io.out(
    `\nwrote ${values.out}: version ${result.meta.version}, ${result.meta.lists.length} lists, ${entries} entries, ` +
      `${result.meta.suffixes} suffixes, ${result.snapshot.length} bytes ` +
      `(parse ${result.timings.parseMs.toFixed(0)} ms, table ${result.timings.buildMs.toFixed(0)} ms)\n`,
  );
  if (loaded === 0 && unavailable.length > 0) {
    io.err(`\n${unavailableSummary(unavailable, loaded)}An agent on it applies ${BUILT_IN_RULES}.\n`);
  }
  return 0;
}

function formatReport(r: SourceReport): string {
  const reasons = Object.entries(r.reasons)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const note = r.status === "loaded" ? (reasons ? `  (${reasons})` : "") : `  ${r.error ?? ""}`;
  return `${r.id.padEnd(28)} ${r.status.padEnd(15)} ${String(r.entries).padStart(9)} ${String(r.duplicates).padStart(7)} ${String(r.skipped).padStart(8)} ${String(r.rejected).padStart(8)}${note}\n`;
}

function sampleLines(report: SourceReport): string {
  return report.samples
    .slice(0, 5)
    .map((s) => `      line ${s.line}: ${s.reason}: ${s.text}\n`)
    .join("");
}
