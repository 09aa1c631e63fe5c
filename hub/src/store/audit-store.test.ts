import { afterEach, describe, expect, it } from "vitest";
import { auditHash, GENESIS_HASH } from "./audit-store.ts";
import type { HubStores } from "./open-stores.ts";
import { openSqlInspector } from "./sql-inspector.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const entry = (at: string, action = "user.created") => ({ at, actor: "ict", action, target: "u-1", detail: { n: 1 } });

describe("AuditStore", () => {
  it("chains each entry to the one before it, from the genesis hash", () => {
    ({ stores } = openTempStores());
    const first = stores.audit.append(entry("2026-11-01"));
    const second = stores.audit.append(entry("2026-11-02"));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, detail: { n: 1 } });
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toBe(
      auditHash(first.hash, {
        seq: 2,
        at: "2026-11-02",
        actor: "ict",
        action: "user.created",
        target: "u-1",
        detail: '{"n":1}',
        site: null,
      }),
    );
  });

  it("pages entries after a sequence number, optionally by action prefix", () => {
    ({ stores } = openTempStores());
    stores.audit.append(entry("2026-11-01", "user.created"));
    stores.audit.append(entry("2026-11-02", "policy.replaced"));
    stores.audit.append(entry("2026-11-03", "user.disabled"));
    expect(stores.audit.page(0, 10, "user.").map((e) => e.seq)).toEqual([1, 3]);
    expect(stores.audit.page(1, 1).map((e) => e.seq)).toEqual([2]);
    expect(stores.audit.rawPage(0, 10)[0]?.detail).toBe('{"n":1}');
  });

  it("keeps each entry's site, hashes it, and pages only the given sites' entries", () => {
    ({ stores } = openTempStores());
    stores.audit.append(entry("2026-11-01"));
    const atA = stores.audit.append({ ...entry("2026-11-02"), site: "school-a" });
    stores.audit.append({ ...entry("2026-11-03"), site: "school-b" });
    expect(atA.site).toBe("school-a");
    expect(atA.hash).not.toBe(auditHash(atA.prevHash, { ...atA, detail: '{"n":1}', site: null }));
    expect(stores.audit.page(0, 10, undefined, ["school-a"]).map((e) => e.seq)).toEqual([2]);
    expect(stores.audit.page(0, 10, undefined, ["school-a", "school-b"]).map((e) => e.seq)).toEqual([2, 3]);
    expect(stores.audit.page(0, 10, undefined, []).map((e) => e.seq)).toEqual([]);
    expect(stores.audit.page(0, 10).map((e) => e.site)).toEqual([null, "school-a", "school-b"]);
  });

  it("is append-only: the database refuses to change an entry", () => {
    const temp = openTempStores();
    stores = temp.stores;
    stores.audit.append(entry("2026-11-01"));
    const inspector = openSqlInspector(temp.file);
    expect(() => inspector.exec("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1")).toThrow(/append-only/);
    inspector.close();
  });

  it("moves the anchor to the first survivor's predecessor when old entries are purged, and keeps numbering", () => {
    ({ stores } = openTempStores());
    stores.audit.append(entry("2025-01-01"));
    const second = stores.audit.append(entry("2025-06-01"));
    stores.audit.append(entry("2026-11-01"));
    expect(stores.audit.anchor()).toBe(GENESIS_HASH);
    expect(stores.audit.purgeBefore("2026-01-01")).toBe(2);
    expect(stores.audit.anchor()).toBe(second.hash);
    const last = stores.audit.page(0, 10)[0];
    expect(stores.audit.purgeBefore("2027-01-01")).toBe(1);
    expect(stores.audit.anchor()).toBe(last?.hash);
    expect(stores.audit.append(entry("2027-01-02"))).toMatchObject({ seq: 4, prevHash: last?.hash });
  });
});
