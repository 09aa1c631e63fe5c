import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./open-database.ts";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the hub's database files", () => {
  it("are created 0600 in a 0700 folder, the WAL and shared memory too", () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-private-"));
    const path = join(work, "state", "hub.sqlite");
    const db = openDatabase(path);
    try {
      expect(mode(join(work, "state"))).toBe(0o700);
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
      expect(mode(`${path}-shm`)).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it("tightens a database file that was world-readable", () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-private-"));
    const path = join(work, "hub.sqlite");
    writeFileSync(path, "", { mode: 0o644 });
    openDatabase(path).close();
    expect(mode(path)).toBe(0o600);
  });
});
