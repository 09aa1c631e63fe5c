import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readSnapshotFile } from "../lists/snapshot-file.ts";
import { main } from "./fenceline.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-fallback-"));
const manifest = join(work, "sources.yaml");
writeFileSync(
  manifest,
  `schemaVersion: 1
sources:
  - { id: hate, kind: block, category: hate, description: d, format: domains, licence: l, cadence: daily, mirror: hate.txt }
  - { id: iwf, kind: block, category: child-abuse, description: d, format: domains, licence: l, cadence: daily, supplied: true }
`,
);

async function compile(mirror: string, out: string, ...flags: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["lists", "compile", "--manifest", manifest, "--mirror", mirror, "--out", out, ...flags], {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    stdin: () => Readable.from([]),
  });
  return { code, stdout, stderr };
}

function mirrorWith(name: string, hateList: string | null): string {
  const folder = join(work, name);
  mkdirSync(folder, { recursive: true });
  if (hateList !== null) writeFileSync(join(folder, "hate.txt"), hateList);
  return folder;
}

describe("lists compile when the lists cannot be had", () => {
  const junk = mirrorWith("junk", "<html>\n<p>gone</p>\n<p>away</p>\n");

  it("fails and writes nothing without --empty-if-unavailable", async () => {
    const result = await compile(junk, join(work, "never.snapshot"));
    expect(result.code).toBe(1);
    expect(() => readSnapshotFile(join(work, "never.snapshot"))).toThrow(/ENOENT/);
  });

  it("writes a snapshot holding no lists, saying why, and exits 0", async () => {
    const out = join(work, "empty.snapshot");
    const result = await compile(junk, out, "--empty-if-unavailable");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^No list could be fetched \(1 sources unavailable.*\n {2}hate: no host names among 3 lines/m,
    );
    expect(result.stdout).toMatch(/wrote .*empty\.snapshot: version [0-9a-f]{16}, no lists: the agent starts on/);
    expect(readSnapshotFile(out).meta.lists).toEqual([]);
  });

  it("keeps a good snapshot already there instead of emptying it", async () => {
    const out = join(work, "kept.snapshot");
    expect((await compile(mirrorWith("good", "hate-site.test\n"), out)).code).toBe(0);
    const before = readSnapshotFile(out).meta;
    const result = await compile(junk, out, "--empty-if-unavailable");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`keeping ${out}: version ${before.version}, 1 lists`);
    expect(readSnapshotFile(out).meta.lists.map((l) => l.id)).toEqual(["hate"]);
  });

  it("says plainly that no list was found when a mirror holds none of them", async () => {
    const result = await compile(mirrorWith("bare", null), join(work, "bare.snapshot"), "--skip-missing");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^No list could be fetched \(1 sources unavailable/m);
    expect(result.stderr).toMatch(/An agent on it applies the built-in rules only/);
    expect(result.stderr).not.toMatch(/iwf/);
  });
});
