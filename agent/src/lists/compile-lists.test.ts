import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ListSource, parseTaxonomy } from "@fenceline/shared";
import { testCategories } from "@fenceline/shared/matcher/test-categories";
import { create as createTar } from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { compileLists } from "./compile-lists.ts";
import { CurrentLists } from "./current-lists.ts";
import { writeSnapshotFile } from "./snapshot-file.ts";

const mirror = mkdtempSync(join(tmpdir(), "fenceline-compile-"));
const categories = testCategories();
const source = (id: string, file: string, extra: Partial<ListSource> = {}): ListSource => ({
  id,
  kind: "block",
  category: "adult",
  description: id,
  format: "domains",
  licence: "test",
  cadence: "daily",
  mirror: file,
  supplied: false,
  maxRejectedShare: 0.2,
  ...extra,
});
writeFileSync(join(mirror, "good.txt"), "# good list\nexample.com\n0.0.0.0 adult.example\n10.0.0.1\n");
writeFileSync(join(mirror, "garbage.txt"), "<html>\n<body>Not found</body>\n</html>\nexample.org\n");
writeFileSync(join(mirror, "empty.txt"), "# nothing here\n\n");

describe("compileLists", () => {
  it("loads good lists and counts entries, skipped lines and IP literals", async () => {
    const result = await compileLists({ categories, sources: [source("good", "good.txt")], origin: { mirror } });
    expect(result.reports[0]).toMatchObject({
      status: "loaded",
      entries: 2,
      skipped: 1,
      rejected: 1,
      reasons: { "ip-address": 1 },
    });
    expect(result.meta?.lists.map((l) => l.id)).toEqual(["good"]);
  });

  it("keeps samples of an unlocked block list, never of a locked one", async () => {
    writeFileSync(join(mirror, "locked.txt"), "confidential.example\n");
    const result = await compileLists({
      categories,
      sources: [source("good", "good.txt"), source("locked", "locked.txt", { category: "illegal" })],
      origin: { mirror },
    });
    expect(result.meta?.lists[0]?.samples).toEqual(["example.com", "adult.example"]);
    expect(result.meta?.lists[1]?.samples).toBeUndefined();
    expect(Buffer.from(result.snapshot as Uint8Array).includes("confidential.example")).toBe(false);
  });

  it.each([
    ["a list that is mostly garbage", "garbage.txt", /not host names/],
    ["an empty list", "empty.txt", /empty/],
    ["a list missing from the mirror", "nope.txt", /not found in mirror/],
  ])("fails on %s and writes no snapshot", async (_, file, message) => {
    const result = await compileLists({
      categories,
      sources: [source("good", "good.txt"), source("bad", file)],
      origin: { mirror },
    });
    expect(result.snapshot).toBeUndefined();
    expect(result.reports.find((r) => r.id === "bad")?.error).toMatch(message);
  });

  it("reports a supplied feed nobody configured without failing", async () => {
    const feed = source("iwf", "", { mirror: undefined, supplied: true, category: "illegal" });
    const result = await compileLists({ categories, sources: [source("good", "good.txt"), feed], origin: { mirror } });
    expect(result.snapshot).toBeDefined();
    expect(result.reports[1]).toMatchObject({ id: "iwf", status: "not-configured" });
  });
});

describe("downloads", () => {
  const archive = join(mirror, "ut1.tar.gz");
  const server = createServer(async (request, response) => {
    if (request.url === "/list.txt") response.end("||example.net^\n");
    else if (request.url === "/adult.tar.gz")
      response.end(await import("node:fs/promises").then((fs) => fs.readFile(archive)));
    else if (request.url === "/slow") setTimeout(() => response.end("late.example\n"), 2000);
    else {
      response.statusCode = 500;
      response.end("oops");
    }
  });
  const base = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)),
  );
  afterAll(() => server.close());

  it("fetches plain lists and UT1 archives over HTTP", async () => {
    writeFileSync(join(mirror, "domains"), "ut1.example\n");
    await createTar({ gzip: true, file: archive, cwd: mirror, prefix: "adult" }, ["domains"]);
    const url = await base;
    const result = await compileLists({
      categories,
      sources: [
        source("plain", "", { mirror: undefined, url: `${url}/list.txt`, format: "adblock" }),
        source("ut1", "", {
          mirror: undefined,
          url: `${url}/adult.tar.gz`,
          format: "ut1-tarball",
          member: "adult/domains",
        }),
      ],
      origin: {},
    });
    expect(result.reports.map((r) => [r.status, r.entries])).toEqual([
      ["loaded", 1],
      ["loaded", 1],
    ]);
  });

  it.each([
    ["an HTTP error", "/missing", /HTTP 500/],
    ["a timeout", "/slow", /timeout|Timeout|aborted/i],
  ])("reports %s as a failed source", async (_, path, message) => {
    const url = await base;
    const result = await compileLists({
      categories,
      sources: [source("remote", "", { mirror: undefined, url: `${url}${path}` })],
      origin: { timeoutMs: 300 },
    });
    expect(result.reports[0]?.status).toBe("failed");
    expect(result.reports[0]?.error).toMatch(message);
  });
});

describe("CurrentLists", () => {
  it("keeps the last good snapshot when a new one is damaged", async () => {
    const built = await compileLists({ categories, sources: [source("good", "good.txt")], origin: { mirror } });
    const path = join(mirror, "lists.snapshot");
    await writeSnapshotFile(path, built.snapshot as Uint8Array);
    const current = new CurrentLists();
    expect(current.reload(path)).toMatchObject({ ok: true });
    writeFileSync(path, (built.snapshot as Uint8Array).subarray(0, 100));
    const failed = current.reload(path);
    expect(failed).toMatchObject({ ok: false, keptVersion: built.meta?.version });
    expect(current.get()?.explain("www.example.com").blocking).toEqual(["adult"]);
  });
});

// The taxonomy parser is exercised here too so this file fails if the shipped data stops loading.
it("the shipped taxonomy loads", async () => {
  const text = await import("node:fs/promises").then((fs) =>
    fs.readFile(new URL("../../../blocklists/categories.yaml", import.meta.url), "utf8"),
  );
  expect(parseTaxonomy(text).categories.length).toBeGreaterThan(20);
});
