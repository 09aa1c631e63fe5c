import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";
import { type HubStores, openHubStores } from "./open-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

/** The step that added one-time passwords, idle sessions and token expiry and scope. */
const STEP = MIGRATIONS.findIndex((sql) => sql.includes("one_time_password_until"));

it("the sign-in step keeps users, sessions and tokens: tokens get 90 days and their full access", () => {
  const path = join(mkdtempSync(join(tmpdir(), "fenceline-signin-migration-")), "hub.sqlite");
  const db = openDatabase(path, STEP);
  db.exec(`
    INSERT INTO users (id, email, name, role, sites, password_hash, created_at)
      VALUES ('u-1', 'dsl@school.test', 'DSL', 'dsl', NULL, 'hash', '2026-09-01T00:00:00.000Z');
    INSERT INTO sessions VALUES ('s-1', 'u-1', 'csrf', '2026-11-23T09:00:00.000Z', '2026-11-23T19:00:00.000Z');
    INSERT INTO api_tokens VALUES ('t-hash', 't-1', 'u-1', 'script', '2026-10-01T00:00:00.000Z', NULL);
    INSERT INTO api_tokens VALUES ('old-hash', 't-0', 'u-1', 'old', '2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z');
  `);
  db.close();
  const before = Date.now();
  stores = openHubStores(path);
  expect(stores.users.byId("u-1")?.oneTimePasswordUntil).toBeNull();
  expect(stores.users.session("s-1")?.lastSeenAt).toBe("2026-11-23T09:00:00.000Z");
  const token = stores.users.token("t-hash");
  expect(token?.scope).toBe("read-write");
  const days = (Date.parse(token?.expiresAt as string) - before) / 86_400_000;
  expect(days).toBeGreaterThan(89.9);
  expect(days).toBeLessThan(90.1);
  expect(stores.users.token("old-hash")?.expiresAt).toBeNull();
});
