import type Database from "better-sqlite3";
import type { HubStores } from "./open-stores.ts";

/**
 * Test support, like temp-stores.ts: a device row at a site (the `devices` table of schema step
 * 15), inserted over the stores' own connection (the database stays inside store/), for tests of
 * what acts on a device. Returns its id.
 */
export function seedDevice(stores: HubStores, siteId: string, label = `laptop of ${siteId}`): string {
  const db = (stores.deviceTokens as unknown as { db: Database.Database }).db;
  const at = new Date().toISOString();
  const inserted = db
    .prepare("INSERT INTO devices (site_id, kind, label, created_at, updated_at) VALUES (?, 'laptop', ?, ?, ?)")
    .run(siteId, label, at, at);
  return String(inserted.lastInsertRowid);
}
