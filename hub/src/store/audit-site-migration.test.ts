import { afterEach, describe, expect, it } from "vitest";
import { AuditService } from "../services/audit-service.ts";
import { auditHash, GENESIS_HASH } from "./audit-store.ts";
import { MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";
import { type HubStores, openHubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

// The step that gives audit entries a site, found by what it does (the merge may renumber it).
const SITE_STEP = MIGRATIONS.findIndex((sql) => sql.includes("audit_log ADD COLUMN site_id"));

describe("the audit site migration", () => {
  it("keeps entries written before it verifiable, and chains sited entries after them", () => {
    expect(SITE_STEP).toBeGreaterThan(0);
    const { stores: fresh, file } = openTempStores();
    fresh.close();
    const path = file.replace(/hub\.sqlite$/, "hub-before-audit-sites.sqlite");
    const db = openDatabase(path, SITE_STEP);
    const row = { seq: 1, at: "2026-11-01T00:00:00.000Z", actor: "system:cli", action: "user.created" };
    const hash = auditHash(GENESIS_HASH, { ...row, target: "dsl@school.test", detail: "{}", site: null });
    db.prepare(
      "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(row.seq, row.at, row.actor, row.action, "dsl@school.test", "{}", GENESIS_HASH, hash);
    db.close();

    stores = openHubStores(path);
    const audit = new AuditService(stores.audit);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 1 });
    audit.record("system", "policy.changed", "school-a", {}, "school-a");
    expect(audit.verify()).toMatchObject({ ok: true, entries: 2 });
    expect(audit.page(0, 10, undefined, ["school-a"]).map((e) => e.seq)).toEqual([2]);
    expect(audit.page(0, 10).map((e) => e.site)).toEqual([null, "school-a"]);
  });
});
