import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS, CORPUS_IS_SAMPLE } from "../../../test/support/corpus.ts";
import { DEFAULT_MANIFEST_PATH } from "../lists/list-data.ts";
import { main } from "./fenceline.ts";

const work = mkdtempSync(join(tmpdir(), "fenceline-cli-"));
const snapshot = join(work, "lists.snapshot");

async function run(argv: string[], stdin = "") {
  let out = "";
  let err = "";
  const code = await main(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdin: () => Readable.from([stdin]),
  });
  return { code, out, err };
}

describe("fenceline lists compile", () => {
  let compiled: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    compiled = await run([
      "lists",
      "compile",
      "--manifest",
      DEFAULT_MANIFEST_PATH,
      "--mirror",
      CORPUS,
      "--out",
      snapshot,
      "--skip-missing",
    ]);
  });

  it("builds a snapshot from the real corpus with counts per source", () => {
    expect(compiled.err).toBe("");
    expect(compiled.code).toBe(0);
    expect(compiled.out).toMatch(/^ut1-agressif\s+loaded\s+\d+\s+\d+\s+\d+\s+\d+\s+\(ip-address \d+/m);
    expect(compiled.out).toMatch(/^iwf-url-list\s+not-configured/m);
    const wrote = compiled.out.match(/wrote .*lists\.snapshot: version [0-9a-f]{16}, 76 lists, (\d+) entries/);
    const perSource = [...compiled.out.matchAll(/^\S+\s+loaded\s+(\d+)/gm)].map((m) => Number(m[1]));
    expect(perSource).toHaveLength(76);
    expect(Number(wrote?.[1])).toBe(perSource.reduce((sum, n) => sum + n, 0));
    // The whole corpus holds about 900,000 entries; the committed sample about 5,000.
    expect(String(wrote?.[1])).toMatch(CORPUS_IS_SAMPLE ? /^[4-6]\d{3}$/ : /^9\d{5}$/);
  });

  it("fails clearly on a bad source and writes nothing", async () => {
    const manifest = join(work, "bad.yaml");
    writeFileSync(join(work, "junk.txt"), "<html>\n<p>gone</p>\nexample.com\n");
    writeFileSync(
      manifest,
      "schemaVersion: 1\nsources:\n  - { id: junk, kind: block, category: adult, description: d, format: domains, licence: l, cadence: daily, mirror: junk.txt }\n",
    );
    const result = await run([
      "lists",
      "compile",
      "--manifest",
      manifest,
      "--mirror",
      work,
      "--out",
      join(work, "never.snapshot"),
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/junk: 67% of its entries are not host names/);
    expect(result.err).toMatch(/line 1: not-a-host-name: <html>/);
  });

  it("explains a broken manifest", async () => {
    const manifest = join(work, "broken.yaml");
    writeFileSync(manifest, "schemaVersion: 1\nsources: [\n");
    const result = await run(["lists", "compile", "--manifest", manifest, "--out", join(work, "x")]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/list source manifest is invalid:\n\s+line \d+/);
  });

  it("checks names against the snapshot", async () => {
    const result = await run(["check", "--snapshot", snapshot, "www.PornHub.com.", "bbc.co.uk", "nordvpn.com"]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^www\.pornhub\.com {2}BLOCKED for student, staff, guest\n {2}adult {2}sinfonietta-pornography@[0-9a-f]+ {2}www\.pornhub\.com/m,
    );
    expect(result.out).toMatch(/^bbc\.co\.uk {2}not blocked for any default group\n {2}no list matches/m);
    expect(result.out).toMatch(/^ {2}vpn {2}ut1-vpn@[0-9a-f]+ {2}nordvpn\.com$/m);
  });

  it("prints one JSON object per name, reading names from stdin", async () => {
    const result = await run(
      ["check", "--snapshot", snapshot, "--json", "--stdin"],
      "xvideos.com\n# comment\nsex-ed.example\nbad..name\n",
    );
    const lines = result.out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ name: "xvideos.com", allowedBy: null, blocked: { student: true } });
    expect(lines[0].categories[0]).toEqual({
      id: "adult",
      list: expect.any(String),
      listVersion: expect.any(String),
      rule: "xvideos.com",
      locked: false,
    });
    expect(lines[1]).toMatchObject({ name: "sex-ed.example", categories: [], allowedBy: null });
    expect(lines[2]).toEqual({ name: "bad..name", error: "bad-label" });
    expect(result.code).toBe(1);
  });

  it("refuses a damaged snapshot with a clear error", async () => {
    const damaged = join(work, "damaged.snapshot");
    writeFileSync(damaged, "not a snapshot at all, just text that is long enough to have a header........");
    const result = await run(["check", "--snapshot", damaged, "example.com"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not a Fenceline list snapshot/);
  });

  it.each([
    [["lists", "compile", "--manifest", "x"], /--out <snapshot> are required/],
    [["check", "--bogus"], /Unknown option/],
    [["frobnicate"], /unknown command/],
  ])("answers a usage error with exit code 2: %j", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
