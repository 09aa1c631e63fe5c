import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bySql, type SqlDialect } from "../store/hub-database.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { AuditService } from "./audit-service.ts";

function logWith(entries: number, now = () => new Date("2026-11-23T09:00:00Z")) {
  const file = join(mkdtempSync(join(tmpdir(), "fenceline-audit-")), "hub.sqlite");
  const stores = openTestStores(file);
  const audit = new AuditService(stores.audit, now);
  for (let i = 0; i < entries; i++) audit.record("system", "test.entry", `target-${i}`, { i });
  // Someone with the database file, going round the hub.
  const tamper = (sql: string | Record<SqlDialect, string>) => {
    const inspector = openSqlInspector(file);
    inspector.exec(typeof sql === "string" ? sql : bySql(inspector, sql));
    inspector.close();
  };
  return { stores, audit, tamper, file };
}

describe("the audit log's hash chain", () => {
  it("verifies when untouched", () => {
    expect(logWith(50).audit.verify()).toEqual({
      ok: true,
      entries: 50,
      brokenAt: null,
      problem: null,
      head: { seq: 50, hash: expect.stringMatching(/^[0-9a-f]{64}$/), count: 50 },
    });
  });

  it("shows an entry changed behind the trigger's back", () => {
    const { tamper, audit } = logWith(10);
    tamper({
      sqlite: "DROP TRIGGER audit_log_append_only; UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4",
      postgres:
        "DROP TRIGGER audit_log_append_only ON audit_log; UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4",
    });
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

  it("shows the newest entries removed, which the chain alone cannot", () => {
    const { tamper, audit } = logWith(30);
    tamper("DELETE FROM audit_log WHERE seq > 20");
    expect(audit.verify()).toMatchObject({
      ok: false,
      brokenAt: 21,
      problem: "the log was truncated: the newest 10 entries (#21 to #30) were removed",
    });
  });

  it("shows every entry removed, and a head rewritten or removed without the key", () => {
    const all = logWith(5);
    all.tamper("DELETE FROM audit_log");
    expect(all.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/truncated/) });
    const forged = logWith(5);
    forged.tamper({
      sqlite: `DELETE FROM audit_log WHERE seq > 3;
       UPDATE settings SET value = json_set(value, '$.count', 3, '$.seq', 3,
         '$.hash', (SELECT hash FROM audit_log WHERE seq = 3)) WHERE key = 'audit.head'`,
      postgres: `DELETE FROM audit_log WHERE seq > 3;
       UPDATE settings SET value = (value::jsonb || jsonb_build_object('count', 3, 'seq', 3,
         'hash', (SELECT hash FROM audit_log WHERE seq = 3)))::text WHERE key = 'audit.head'`,
    });
    expect(forged.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/not sealed/) });
    const gone = logWith(5);
    gone.tamper("DELETE FROM settings WHERE key = 'audit.head'");
    expect(gone.audit.verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/head is missing/) });
  });

  it("keeps a truncation visible after the hub records more, and with a reopened database", () => {
    const { tamper, audit, file, stores } = logWith(8);
    tamper("DELETE FROM audit_log WHERE seq > 6");
    audit.record("system", "after the cut", null);
    expect(audit.verify()).toMatchObject({ ok: false });
    stores.close();
    const reopened = openTestStores(file);
    expect(new AuditService(reopened.audit).verify()).toMatchObject({ ok: false });
    reopened.close();
  });

  it("keeps its key in a file of its own beside the database, readable by the hub's user only", () => {
    const { file } = logWith(1);
    expect(statSync(`${file}.audit-key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${file}.audit-key`).length).toBe(32);
  });
});
