import { createHash, getRandomValues } from "node:crypto";
import type { Category } from "@fenceline/shared";
import { type ListSource, parseList } from "@fenceline/shared/lists";
import {
  encodeSnapshot,
  type ListInfo,
  MatcherBuilder,
  mayKeepSamples,
  type SnapshotMeta,
  SpreadSampler,
} from "@fenceline/shared/matcher";
import { NameBuffer } from "./name-buffer.ts";
import { readSourceBytes, type SourceOrigin } from "./source-bytes.ts";
import { emptyReport, isFailure, type SourceReport } from "./source-report.ts";

const NAME_TEXT = new TextDecoder();

export interface CompileInput {
  categories: Category[];
  sources: ListSource[];
  origin: SourceOrigin;
  /** Leave out sources missing from the mirror instead of failing (reported either way). */
  skipMissing?: boolean;
}

export interface CompileResult {
  /** The snapshot file's bytes; absent when a source failed. */
  snapshot?: Uint8Array;
  meta?: SnapshotMeta;
  reports: SourceReport[];
  /** Milliseconds spent reading sources, parsing, and building the table. */
  timings: { readMs: number; parseMs: number; buildMs: number };
}

/**
 * Compiles list sources into one snapshot: reads every source, parses it, checks it as a whole
 * (not empty, not mostly garbage) and only then adds its names, so a bad source never half-loads.
 * Any failed source fails the compile: the caller keeps its last good snapshot.
 */
export async function compileLists(input: CompileInput): Promise<CompileResult> {
  const timings = { readMs: 0, parseMs: 0, buildMs: 0 };
  let t = performance.now();
  const bodies = await Promise.all(input.sources.map((source) => readSourceBytes(source, input.origin)));
  timings.readMs = performance.now() - t;
  const reports: SourceReport[] = [];
  const accepted: { source: ListSource; report: SourceReport; names: NameBuffer }[] = [];
  input.sources.forEach((source, i) => {
    const body = bodies[i];
    if (!body) return;
    if (!body.ok) {
      const status = body.status === "missing" && input.skipMissing ? "not-configured" : body.status;
      reports.push(emptyReport(source.id, status, body.error));
      return;
    }
    t = performance.now();
    const names = new NameBuffer();
    const parsed = parseList(body.bytes, (name, length) => names.push(name, length));
    timings.parseMs += performance.now() - t;
    const report: SourceReport = {
      ...emptyReport(source.id, "loaded"),
      ...parsed,
      from: body.from,
      bytes: body.bytes.length,
      version: createHash("sha256").update(body.bytes).digest("hex").slice(0, 16),
    };
    reports.push(report);
    const problem = listProblem(report, source);
    if (problem) {
      report.status = "failed";
      report.error = problem;
    } else {
      accepted.push({ source, report, names });
    }
  });
  if (reports.some(isFailure)) return { reports, timings };

  t = performance.now();
  const [seedA, seedB] = getRandomValues(new Int32Array(2)) as unknown as [number, number];
  const builder = new MatcherBuilder(
    seedA,
    seedB,
    accepted.reduce((sum, list) => sum + list.names.count, 0),
  );
  const lists: ListInfo[] = accepted.map(({ source, report, names }, index) => {
    const info: ListInfo = {
      id: source.id,
      kind: source.kind,
      category: source.category ?? null,
      allows: source.allows ?? [],
      version: report.version as string,
      entries: report.entries,
    };
    // Samples for the filtering checks, never of a locked category's list (confidential names).
    const sampler = mayKeepSamples(info, input.categories) ? new SpreadSampler(names.count) : null;
    names.forEach((bytes, start, length) => {
      builder.addEntry(index, bytes, start, length);
      sampler?.offer(() => NAME_TEXT.decode(bytes.subarray(start, start + length)));
    });
    return sampler ? { ...info, samples: sampler.samples() } : info;
  });
  const { matcher, entries, duplicates } = builder.finish(lists.length);
  accepted.forEach(({ report }, index) => {
    report.duplicates = duplicates[index] as number;
  });
  const meta: SnapshotMeta = {
    version: contentVersion(input.categories, lists),
    builtAt: new Date().toISOString(),
    categories: input.categories,
    lists,
    suffixes: entries,
  };
  const snapshot = encodeSnapshot(matcher, meta);
  timings.buildMs += performance.now() - t;
  return { snapshot, meta, reports, timings };
}

function listProblem(report: SourceReport, source: ListSource): string | undefined {
  if (report.entries === 0) {
    return report.rejected > 0 ? `no host names among ${report.lines} lines` : "the list is empty";
  }
  // IP literals are counted but are not garbage: UT1 lists them for proxies that see URLs.
  const garbage = report.rejected - (report.reasons["ip-address"] ?? 0);
  const share = garbage / (report.entries + garbage);
  if (share > source.maxRejectedShare) {
    return `${Math.round(share * 100)}% of its entries are not host names (limit ${Math.round(source.maxRejectedShare * 100)}%): refusing to load a list that is mostly garbage`;
  }
  return undefined;
}

/** Equal for equal taxonomy and list contents, whatever the build's random seed. */
function contentVersion(categories: Category[], lists: ListInfo[]): string {
  const hash = createHash("sha256").update(JSON.stringify(categories));
  for (const list of lists) hash.update(`${list.id}@${list.version}\n`);
  return hash.digest("hex").slice(0, 16);
}
