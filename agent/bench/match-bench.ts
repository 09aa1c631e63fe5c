/**
 * `pnpm bench:match`: the list engine on the real corpus (../shared/corpus) and on a 5M-entry set
 * derived from it, against a naive Map + parent-walk baseline in the same run. Prints figures.
 * Run with --expose-gc (the package script does).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createMatchBuffer, type ListSource, parseList } from "@fenceline/shared";
import { compileListsOffThread } from "../src/lists/compile-off-thread.ts";
import { DEFAULT_MANIFEST_PATH, loadManifest, loadTaxonomy } from "../src/lists/list-data.ts";
import { readSnapshotFile, writeSnapshotFile } from "../src/lists/snapshot-file.ts";
import { writeDerivedMirror } from "./derived-lists.ts";
import { timeLookups } from "./lookup-timing.ts";
import { namesInFolder, realisticStream, toWire } from "./realistic-names.ts";

const corpus = resolve(process.env.FENCELINE_CORPUS ?? join(import.meta.dirname, "../../../shared/corpus"));
const STREAM = 1_000_000;
const ROUNDS = 5;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

const taxonomy = await loadTaxonomy();
const baseSources = await loadManifest(DEFAULT_MANIFEST_PATH, taxonomy);
const popular = namesInFolder(join(corpus, "allowed"));
const listed = [...namesInFolder(join(corpus, "ut1")), ...namesInFolder(join(corpus, "other"))];
const work = mkdtempSync(join(tmpdir(), "fenceline-bench-"));

try {
  const real = await measure("real corpus", baseSources, corpus, listed);
  const mirror = join(work, "mirror");
  const derived = writeDerivedMirror(mirror, corpus, listed, real.entries, 5_000_000);
  await measure("5M derived", [...baseSources, ...derived.sources], mirror, listed, derived.sources);
  console.log(
    `\nDerived set: every real block entry again under one more label (cdn., img., api., ...) until 5M entries; see agent/bench/derived-lists.ts.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function measure(
  label: string,
  sources: ListSource[],
  mirror: string,
  listedNames: string[],
  extra: ListSource[] = [],
) {
  console.log(`\n== ${label} ==`);
  const started = performance.now();
  const compiled = await compileListsOffThread({
    categories: taxonomy.categories,
    sources,
    origin: { mirror },
    skipMissing: true,
  });
  const buildMs = performance.now() - started;
  if (!compiled.snapshot || !compiled.meta)
    throw new Error(`compile failed: ${JSON.stringify(compiled.reports.filter((r) => r.error))}`);
  const entries = compiled.reports.reduce((sum, r) => sum + r.entries, 0);
  const file = join(work, `${label.replace(/\W+/g, "-")}.snapshot`);
  await writeSnapshotFile(file, compiled.snapshot);
  const probe = JSON.parse(
    execFileSync(process.execPath, [join(import.meta.dirname, "snapshot-load-probe.ts"), file], { encoding: "utf8" }),
  );
  console.log(
    `entries ${entries.toLocaleString()} from ${compiled.reports.filter((r) => r.status === "loaded").length} lists; suffixes ${compiled.meta.suffixes.toLocaleString()}; snapshot ${mb(compiled.snapshot.length)}`,
  );
  console.log(
    `build from list files, in a worker thread: ${buildMs.toFixed(0)} ms wall (read ${compiled.timings.readMs.toFixed(0)}, parse ${compiled.timings.parseMs.toFixed(0)}, table ${compiled.timings.buildMs.toFixed(0)})`,
  );
  console.log(
    `snapshot load (fresh process, one read + checksum): ${probe.loadMs.toFixed(1)} ms; matcher ${mb(probe.matcherBytes)}; RSS after load ${mb(probe.rss)} (before ${mb(probe.rssBefore)})`,
  );

  const lists = readSnapshotFile(file);
  const stream = realisticStream(STREAM, popular, extra.length ? withDerived(listedNames, extra) : listedNames);
  const wire = toWire(stream);
  const out = createMatchBuffer();
  const strings = await timeLookups(STREAM, ROUNDS, (from, to) => {
    let hits = 0;
    for (let i = from; i < to; i++) if (lists.matcher.matchName(stream[i] as string, out) > 0) hits++;
    return hits;
  });
  const wires = await timeLookups(STREAM, ROUNDS, (from, to) => {
    let hits = 0;
    for (let i = from; i < to; i++) if (lists.matcher.matchWire(wire.bytes, wire.offsets[i] as number, out) > 0) hits++;
    return hits;
  });

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const naive = naiveMap(sources, mirror);
  gc();
  const naiveBytes = process.memoryUsage().heapUsed - heapBefore;
  // DNS names are case-insensitive: the baseline folds case as the matcher does.
  const naiveStrings = await timeLookups(STREAM, ROUNDS, (from, to) => {
    let hits = 0;
    for (let i = from; i < to; i++) if (walk(naive, (stream[i] as string).toLowerCase())) hits++;
    return hits;
  });
  const decoder = new TextDecoder("latin1");
  const naiveWire = await timeLookups(STREAM, ROUNDS, (from, to) => {
    let hits = 0;
    for (let i = from; i < to; i++) if (walk(naive, decodeWire(wire.bytes, wire.offsets[i] as number, decoder))) hits++;
    return hits;
  });
  if (naiveStrings.hits !== strings.hits || naiveWire.hits !== wires.hits) {
    console.log(
      `!! hit counts differ: matcher ${strings.hits}/${wires.hits}, naive ${naiveStrings.hits}/${naiveWire.hits}`,
    );
  }
  const row = (name: string, f: typeof strings) =>
    `${name.padEnd(22)} ${(f.lookupsPerSecond / 1e6).toFixed(2).padStart(6)} M/s  p50 ${f.p50Micros.toFixed(2)} µs  p99 ${f.p99Micros.toFixed(2)} µs  GCs ${f.gcs}  hits ${f.hits.toLocaleString()}`;
  console.log(
    `stream: ${STREAM.toLocaleString()} names (80% popular, 15% listed, 5% random); throughput is the best of ${ROUNDS} passes`,
  );
  console.log(row("matcher, strings", strings));
  console.log(row("matcher, wire bytes", wires));
  console.log(row("naive Map, strings", naiveStrings));
  console.log(row("naive Map, wire→string", naiveWire));
  console.log(
    `naive Map memory ${mb(naiveBytes)} (V8 heap) vs matcher ${mb(lists.matcher.byteLength)}: ${(naiveBytes / lists.matcher.byteLength).toFixed(1)}× smaller`,
  );
  console.log(
    `speed-up: strings ${(strings.lookupsPerSecond / naiveStrings.lookupsPerSecond).toFixed(1)}×, wire ${(wires.lookupsPerSecond / naiveWire.lookupsPerSecond).toFixed(1)}×`,
  );
  naive.clear();
  return { entries };
}

function withDerived(names: string[], extra: ListSource[]): string[] {
  return names.concat(extra.flatMap((source) => names.slice(0, 100_000).map((n) => `${source.id.slice(8)}.${n}`)));
}

function naiveMap(sources: ListSource[], mirror: string): Map<string, number> {
  const map = new Map<string, number>();
  sources.forEach((source, index) => {
    if (!source.mirror) return;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(mirror, source.mirror));
    } catch {
      return;
    }
    parseList(bytes, (name, length) => {
      map.set(Buffer.from(name.buffer, name.byteOffset, length).toString("latin1"), index);
    });
  });
  return map;
}

/**
 * The baseline's lookup: every parent of the name, as the matcher does, since a decision needs
 * every matching entry (a block on the parent, an allow on the name). True if any matched.
 */
function walk(map: Map<string, number>, name: string): boolean {
  let found = false;
  for (let suffix = name; ; ) {
    if (map.has(suffix)) found = true;
    const dot = suffix.indexOf(".");
    if (dot < 0) return found;
    suffix = suffix.slice(dot + 1);
  }
}

function decodeWire(bytes: Uint8Array, offset: number, decoder: InstanceType<typeof TextDecoder>): string {
  const labels: string[] = [];
  for (let p = offset; bytes[p] !== 0; p += (bytes[p] as number) + 1) {
    labels.push(decoder.decode(bytes.subarray(p + 1, p + 1 + (bytes[p] as number))).toLowerCase());
  }
  return labels.join(".");
}
