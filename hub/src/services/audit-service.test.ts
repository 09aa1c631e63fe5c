import { describe, expect, it } from "vitest";
import { HubStore } from "../store/hub-store.ts";
import { AuditService } from "./audit-service.ts";

function logWith(entries: number, now = () => new Date("2026-11-23T09:00:00Z")) {
  const store = new HubStore(":memory:");
  const audit = new AuditService(store.audit, now);
  for (let i = 0; i < entries; i++) audit.record("system", "test.entry", `target-${i}`, { i });
  return { store, audit };
}

describe("the audit log's hash chain", () => {
  it("verifies when untouched", () => {
    expect(logWith(50).audit.verify()).toEqual({ ok: true, entries: 50, brokenAt: null, problem: null });
  });

  it("refuses updates outright", () => {
    const { store } = logWith(3);
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
  });

  it("shows an entry changed behind the trigger's back", () => {
    const { store, audit } = logWith(10);
    store.db.exec("DROP TRIGGER audit_log_append_only");
    store.db.prepare("UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4").run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4, problem: expect.stringMatching(/changed/) });
  });

  it("shows an entry removed from the middle, or from the start", () => {
    const middle = logWith(10);
    middle.store.db.prepare("DELETE FROM audit_log WHERE seq = 6").run();
    expect(middle.audit.verify()).toMatchObject({ ok: false, brokenAt: 7 });
    const start = logWith(10);
    start.store.db.prepare("DELETE FROM audit_log WHERE seq = 1").run();
    expect(start.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("still verifies after retention removed the oldest entries, and keeps chaining", () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const { store, audit } = logWith(5, () => now);
    now = new Date("2026-11-23T09:00:00Z");
    for (let i = 0; i < 5; i++) audit.record("system", "later", null);
    expect(store.audit.purgeBefore("2026-01-01T00:00:00Z")).toBe(5);
    audit.record("system", "after purge", null);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 6 });
    expect(store.audit.purgeBefore("2027-01-01T00:00:00Z")).toBe(6);
    audit.record("system", "after purging everything", null);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 1 });
  });
});
