import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseList, ReferenceMatcher } from "@fenceline/shared";
import { createMatchBuffer, listsOf } from "@fenceline/shared/matcher";
import { describe, expect, it } from "vitest";
import { CORPUS } from "../../../test/support/corpus.ts";
import { namesInFolder, random, realisticStream, toWire } from "../../bench/realistic-names.ts";
import { compileLists } from "./compile-lists.ts";
import { DEFAULT_MANIFEST_PATH, loadManifest, loadTaxonomy } from "./list-data.ts";

/**
 * The compiled matcher against the plain reference (a Map and a walk up the parents) on the real
 * corpus: over a million realistic names plus the tricky ones, on strings and on wire bytes.
 */
describe("matcher equals the reference on the real corpus", async () => {
  const taxonomy = await loadTaxonomy();
  const sources = await loadManifest(DEFAULT_MANIFEST_PATH, taxonomy);
  const compiled = await compileLists({
    categories: taxonomy.categories,
    sources,
    origin: { mirror: CORPUS },
    skipMissing: true,
  });
  const { decodeSnapshot } = await import("@fenceline/shared/matcher");
  const lists = decodeSnapshot(compiled.snapshot as Uint8Array);
  const reference = new ReferenceMatcher();
  const listed: string[] = [];
  lists.meta.lists.forEach((list, index) => {
    const source = sources.find((s) => s.id === list.id);
    parseList(readFileSync(join(CORPUS, source?.mirror ?? "")), (name, length) => {
      const text = Buffer.from(name.buffer, name.byteOffset, length).toString("latin1");
      reference.add(index, text);
      if (index % 7 === 0) listed.push(text);
    });
  });
  const popular = namesInFolder(join(CORPUS, "allowed"));
  const names = [...realisticStream(1_000_000, popular, listed, 7), ...trickyNames(listed.slice(0, 50_000), popular)];

  it(`agrees on ${names.length.toLocaleString()} names`, () => {
    const out = createMatchBuffer();
    const outWire = createMatchBuffer();
    const next = random(3);
    const cased = names.map((n) => (next() < 0.3 ? mixCase(n, next) : n));
    const wire = toWire(cased);
    const resolved = new Int32Array(lists.masks.words);
    const allowed = new Int32Array(lists.masks.words);
    let differences = 0;
    let matched = 0;
    names.forEach((name, i) => {
      const count = lists.matcher.matchName(cased[i] as string, out);
      const expected = reference.match(name);
      const actual: { rule: string; lists: number[] }[] = [];
      for (let m = count - 1; m >= 0; m--) {
        actual.push({
          rule: name.slice(out[2 * m + 1]),
          lists: [...listsOf(lists.matcher.ruleSets, out[2 * m] as number)],
        });
      }
      const wireCount = lists.matcher.matchWire(wire.bytes, wire.offsets[i] as number, outWire);
      let same =
        wireCount === count &&
        JSON.stringify(actual) ===
          JSON.stringify(expected.map((e) => ({ rule: e.rule, lists: [...e.lists].sort((a, b) => a - b) })));
      for (let m = 0; same && m < count; m++) same = outWire[2 * m] === out[2 * m];
      if (count > 0) {
        matched++;
        lists.masks.resolve(out, count, resolved, allowed);
        const blocking = taxonomy.categories
          .filter((_, bit) => ((resolved[bit >>> 5] as number) >>> (bit & 31)) & 1)
          .map((c) => c.id);
        same &&= JSON.stringify(blocking) === JSON.stringify(reference.blocking(name, lists.meta.lists, taxonomy));
      }
      if (!same && differences++ < 5) console.error("difference on", name, actual, expected);
    });
    expect(differences).toBe(0);
    expect(matched).toBeGreaterThan(100_000);
    // A correctness check over 1.3 million names, not a timing: room for a busy machine.
  }, 180_000);
});

/** Exact entries, `x`+entry without a dot, parents of entries, allow-list names and their children. */
function trickyNames(listed: string[], popular: string[]): string[] {
  const names: string[] = [];
  for (const entry of listed) {
    names.push(entry, `x${entry}`, `www.${entry}`, entry.slice(entry.indexOf(".") + 1), `a.b.c.${entry}`);
  }
  for (const name of popular) names.push(name, `sub.${name}`, `x${name}`);
  return names;
}

function mixCase(name: string, next: () => number): string {
  let out = "";
  for (const c of name) out += next() < 0.5 ? c.toUpperCase() : c;
  return out;
}
