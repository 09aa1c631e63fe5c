import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./open-database.ts";
import { openHubStores } from "./open-stores.ts";

/** Writes `pages` pages of data on a connection that never checkpoints: they stay in the WAL until someone does. */
function writeIntoWal(file: string, pages: number): void {
  const writer = openDatabase(file);
  writer.pragma("wal_autocheckpoint = 0");
  writer.exec("CREATE TABLE IF NOT EXISTS scratch (body BLOB)");
  const insert = writer.prepare("INSERT INTO scratch VALUES (randomblob(4000))");
  writer.transaction(() => {
    for (let n = 0; n < pages; n++) insert.run();
  })();
  writer.close();
}

async function sizeAbove(file: string, bytes: number, withinMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < withinMs; )
    if (statSync(file).size > bytes) return true;
    else await new Promise((resolve) => setTimeout(resolve, 50));
  return statSync(file).size > bytes;
}

describe("the WAL checkpointer of a running hub", () => {
  it("copies what other connections wrote into the database file from its own thread, until the stores close", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fenceline-wal-")), "hub.sqlite");
    const problems: string[] = [];
    const stores = openHubStores(file, { backgroundCheckpoints: (problem) => problems.push(problem) });
    const before = statSync(file).size;
    writeIntoWal(file, 2000);
    expect(await sizeAbove(file, before + 7_000_000, 5000)).toBe(true);
    // Closed: nothing copies the next writes back any more (a connection kept open, as the last
    // one to close checkpoints everything).
    const keeper = openDatabase(file);
    stores.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = statSync(file).size;
    writeIntoWal(file, 2000);
    expect(await sizeAbove(file, closed + 7_000_000, 1000)).toBe(false);
    keeper.close();
    expect(problems).toEqual([]);
  });

  it("is not started for stores opened without it (commands, tests)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fenceline-wal-")), "hub.sqlite");
    const stores = openHubStores(file);
    const before = statSync(file).size;
    writeIntoWal(file, 2000);
    expect(await sizeAbove(file, before + 7_000_000, 1000)).toBe(false);
    stores.close();
  });
});
