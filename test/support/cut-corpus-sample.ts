/**
 * Cuts test/fixtures/corpus-sample/ from the real-list corpus (../shared/corpus), so that the
 * tests that need real lists run on a fresh clone too. Run it again when the corpus changes:
 *   node test/support/cut-corpus-sample.ts [corpus folder]
 * Every list file keeps its leading comment lines, the lines that list a name the tests ask
 * about (or a parent of one), and every k-th line, k at least 3 so that no list is copied whole,
 * at most LINES_PER_FILE lines in all. Same folders and file names as the corpus.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const LINES_PER_FILE = 100;
/** Names the tests assert on: their entries must be in the sample as they are in the corpus. */
const PINNED = ["www.pornhub.com", "pornhub.com", "xvideos.com", "nordvpn.com", "bbc.co.uk", "sex-ed.example"];

const corpus = resolve(process.argv[2] ?? join(import.meta.dirname, "../../../shared/corpus"));
const sample = join(import.meta.dirname, "../fixtures/corpus-sample");

for (const part of ["ut1", "other", "allowed"]) {
  rmSync(join(sample, part), { recursive: true, force: true });
  mkdirSync(join(sample, part), { recursive: true });
  for (const file of readdirSync(join(corpus, part)).sort()) {
    const lines = readFileSync(join(corpus, part, file), "latin1").split("\n");
    if (lines.at(-1) === "") lines.pop();
    writeFileSync(join(sample, part, file), `${cut(lines).join("\n")}\n`, "latin1");
  }
}

function cut(lines: string[]): string[] {
  const header = lines.findIndex((line) => !line.startsWith("#"));
  const body = header < 0 ? [] : lines.slice(header);
  const step = Math.max(3, Math.ceil(body.length / LINES_PER_FILE));
  const kept = body.filter((line, i) => i % step === 0 || PINNED.some((name) => covers(hostOf(line), name)));
  return [...lines.slice(0, Math.max(header, 0)), ...kept];
}

/** The host name a domains or hosts line gives, lower case, without a trailing dot. */
function hostOf(line: string): string {
  const words = line.replace(/#.*/, "").trim().split(/\s+/);
  return (words.at(-1) ?? "").toLowerCase().replace(/\.$/, "");
}

function covers(entry: string, name: string): boolean {
  return entry !== "" && (name === entry || name.endsWith(`.${entry}`));
}
