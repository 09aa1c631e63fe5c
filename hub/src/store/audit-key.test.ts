import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAuditKey } from "./audit-key.ts";

const dir = () => mkdtempSync(join(tmpdir(), "fenceline-audit-key-"));

describe("loadAuditKey", () => {
  it("creates a 32-byte key beside the database, readable by its owner only, and reads the same one again", () => {
    const database = join(dir(), "hub.sqlite");
    const key = loadAuditKey(database);
    expect(key).toHaveLength(32);
    expect(statSync(`${database}.audit-key`).mode & 0o777).toBe(0o600);
    expect(loadAuditKey(database).equals(key)).toBe(true);
  });

  it("uses a configured key file, and refuses one others may read, or one too short", () => {
    const file = join(dir(), "configured-key");
    writeFileSync(file, Buffer.alloc(40, 7), { mode: 0o600 });
    expect(loadAuditKey("/nowhere/hub.sqlite", file).equals(readFileSync(file))).toBe(true);
    chmodSync(file, 0o644);
    expect(() => loadAuditKey("/nowhere/hub.sqlite", file)).toThrow(/chmod 600/);
    const short = join(dir(), "short-key");
    writeFileSync(short, "too short", { mode: 0o600 });
    expect(() => loadAuditKey("/nowhere/hub.sqlite", short)).toThrow(/at least 32 bytes/);
  });

  it("gives a throwaway database a throwaway key", () => {
    expect(loadAuditKey(":memory:").equals(loadAuditKey(":memory:"))).toBe(false);
  });
});
