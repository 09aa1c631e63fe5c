import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Hex } from "./attachment-files.ts";
import type { HubStores } from "./open-stores.ts";
import { openSqlInspector } from "./sql-inspector.ts";
import { openTempStores, seedAgent, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
let file: string;
afterEach(() => stores.close());

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const at = "2026-11-23T10:00:00.000Z";

function open() {
  ({ stores, file } = openTempStores());
  seedAgent(stores);
}

function raise(): number {
  return stores.incidents.insert({
    siteId: "school-a",
    clientAddress: "10.0.0.7",
    hostname: null,
    mac: null,
    group: "students",
    category: "self-harm",
    autoSeverity: "high",
    severity: "high",
    illegal: false,
    openedAt: at,
    firstSeen: at,
    lastSeen: at,
    eventCount: 1,
  });
}

const row = (incidentId: number, bytes: Uint8Array) => ({
  incidentId,
  sha256: sha256Hex(bytes),
  size: bytes.length,
  mediaType: "image/png",
  name: "screen.png",
  uploadedBy: "dsl@school.test (u1)",
  uploadedAt: at,
});

describe("AttachmentStore", () => {
  it("keeps the file beside the database under its hash, private, and reads it back checked", () => {
    open();
    const id = raise();
    stores.attachments.add(row(id, PNG), PNG);
    const folder = join(dirname(file), "attachments");
    const stored = join(folder, sha256Hex(PNG));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual([sha256Hex(PNG)]);
    expect(stores.attachments.content(sha256Hex(PNG))).toEqual(PNG);
    expect(stores.attachments.forIncident(id)).toMatchObject([
      { incidentId: id, size: PNG.length, name: "screen.png" },
    ]);
    expect(stores.attachments.find(id, sha256Hex(PNG))?.mediaType).toBe("image/png");
  });

  it("refuses the same file twice on one incident, and never changes a row", () => {
    open();
    const id = raise();
    stores.attachments.add(row(id, PNG), PNG);
    expect(() => stores.attachments.add(row(id, PNG), PNG)).toThrow(/UNIQUE|unique constraint/);
    const sql = openSqlInspector(file);
    expect(() => sql.exec("UPDATE attachments SET name = 'other.png'")).toThrow(/cannot be changed/);
    sql.close();
  });

  it("reads a file changed on disk as missing", async () => {
    open();
    const id = raise();
    stores.attachments.add(row(id, PNG), PNG);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dirname(file), "attachments", sha256Hex(PNG)), "tampered");
    expect(stores.attachments.content(sha256Hex(PNG))).toBeNull();
  });

  it("removes only files no attachment names, and not ones written just now", () => {
    open();
    const kept = raise();
    const gone = raise();
    const other = Buffer.concat([PNG, Buffer.from("other")]);
    stores.attachments.add(row(kept, PNG), PNG);
    stores.attachments.add(row(gone, other), other);
    const sql = openSqlInspector(file);
    sql.exec(`DELETE FROM attachments WHERE incident_id = ${gone}`);
    sql.close();
    expect(stores.attachments.removeUnreferenced(new Date(Date.now() - 3_600_000))).toBe(0);
    expect(stores.attachments.removeUnreferenced(new Date(Date.now() + 1000))).toBe(1);
    expect(existsSync(join(dirname(file), "attachments", sha256Hex(other)))).toBe(false);
    expect(stores.attachments.content(sha256Hex(PNG))).toEqual(PNG);
  });
});

describe("events an incident holds", () => {
  it("cannot be changed or deleted while the incident exists; once it is gone they can be deleted", () => {
    open();
    const id = raise();
    stores.events.insert(
      [storedEvent({ id: "held" }), storedEvent({ id: "loose", name: "loose.test" })],
      at,
      new Map([["held", id]]),
    );
    const sql = openSqlInspector(file);
    try {
      expect(() => sql.exec("UPDATE events SET name = 'innocent.test' WHERE id = 'held'")).toThrow(/evidence/);
      expect(() => sql.exec("UPDATE events SET incident_id = NULL WHERE id = 'held'")).toThrow(/evidence/);
      expect(() => sql.exec("DELETE FROM events WHERE id = 'held'")).toThrow(/evidence/);
      expect(sql.value("SELECT name FROM events WHERE id = 'held'")).toBe("casino.example");
      // An event no incident holds is as before.
      sql.exec("UPDATE events SET name = 'changed.test' WHERE id = 'loose'");
      sql.exec("DELETE FROM events WHERE id = 'loose'");
      // Retention's order: the incident goes first, then its events.
      sql.exec(`DELETE FROM incidents WHERE id = ${id}`);
      sql.exec("DELETE FROM events WHERE id = 'held'");
      expect(sql.value("SELECT COUNT(*) FROM events")).toBe(0);
    } finally {
      sql.close();
    }
  });
});
