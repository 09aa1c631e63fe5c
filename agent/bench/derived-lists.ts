import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ListSource } from "@fenceline/shared";

/** Labels put in front of real entries to make new, plausible ones (`cdn.example.com`, ...). */
const PREFIXES = ["cdn", "img", "api", "static", "media", "m", "video", "shop", "app", "go"];

/**
 * Writes a mirror folder holding the real corpus (linked) plus derived lists that bring the
 * total to `target` entries: each derived list repeats every real block entry under one more
 * label. Returns the extra sources to add to the manifest and the derived names.
 */
export function writeDerivedMirror(
  folder: string,
  corpus: string,
  realEntries: string[],
  realTotal: number,
  target: number,
): { sources: ListSource[]; derivedCount: number } {
  mkdirSync(join(folder, "derived"), { recursive: true });
  for (const part of ["ut1", "other", "allowed"]) symlinkSync(join(corpus, part), join(folder, part));
  const sources: ListSource[] = [];
  let remaining = target - realTotal;
  for (let i = 0; remaining > 0 && i < PREFIXES.length; i++) {
    const take = Math.min(remaining, realEntries.length);
    const prefix = PREFIXES[i] as string;
    const lines = new Array<string>(take);
    for (let k = 0; k < take; k++) lines[k] = `${prefix}.${realEntries[k]}`;
    writeFileSync(join(folder, "derived", `${prefix}.txt`), `${lines.join("\n")}\n`);
    sources.push({
      id: `derived-${prefix}`,
      kind: "block",
      category: "malware",
      description: `Real entries under "${prefix}."`,
      format: "domains",
      licence: "derived",
      cadence: "daily",
      mirror: `derived/${prefix}.txt`,
      supplied: false,
      maxRejectedShare: 0.2,
    });
    remaining -= take;
  }
  return { sources, derivedCount: target - realTotal - Math.max(0, remaining) };
}
