import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openHubStores } from "../store/open-stores.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { AuditService } from "./audit-service.ts";

function logWith(entries: number, now = () => new Date("2026-11-23T09:00:00Z")) {
  const file = join(mkdtempSync(join(tmpdir(), "fenceline-audit-")), "hub.sqlite");
  const stores = openHubStores(file);
  const audit = new AuditService(stores.audit, now);
  for (let i = 0; i < entries; i++) audit.record("system", "test.entry", `target-${i}`, { i });
  // Someone with the database file, going round the hub.
  const tamper = (sql: string) => {
    const inspector = openSqlInspector(file);
    inspector.exec(sql);
    inspector.close();
  };
  return { stores, audit, tamper };
}

describe("the audit log's hash chain", () => {
  it("verifies when untouched", () => {
    expect(logWith(50).audit.verify()).toEqual({ ok: true, entries: 50, brokenAt: null, problem: null });
  });

  it("shows an entry changed behind the trigger's back", () => {
    const { tamper, audit } = logWith(10);
    tamper("DROP TRIGGER audit_log_append_only; UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4");
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4, problem: expect.stringMatching(/changed/) });
  });

  it("shows an entry removed from the middle, or from the start", () => {
    const middle = logWith(10);
    middle.tamper("DELETE FROM audit_log WHERE seq = 6");
    expect(middle.audit.verify()).toMatchObject({ ok: false, brokenAt: 7 });
    const start = logWith(10);
    start.tamper("DELETE FROM audit_log WHERE seq = 1");
    expect(start.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("still verifies after retention removed the oldest entries, and keeps chaining", () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const { stores, audit } = logWith(5, () => now);
    now = new Date("2026-11-23T09:00:00Z");
    for (let i = 0; i < 5; i++) audit.record("system", "later", null);
    expect(stores.audit.purgeBefore("2026-01-01T00:00:00Z")).toBe(5);
    audit.record("system", "after purge", null);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 6 });
    expect(stores.audit.purgeBefore("2027-01-01T00:00:00Z")).toBe(6);
    audit.record("system", "after purging everything", null);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 1 });
  });
});
