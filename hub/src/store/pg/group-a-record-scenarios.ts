import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AttachmentFiles, sha256Hex } from "../attachment-files.ts";
import { AttachmentStore } from "../attachment-store.ts";
import { AuditStore } from "../audit-store.ts";
import { DeviceTokenStore } from "../device-token-store.ts";
import { FleetStore } from "../fleet-store.ts";
import { SettingsStore } from "../settings-store.ts";
import { UserStore } from "../user-store.ts";
import { recordingRollups, type Scenario } from "./group-a-fleet-scenarios.ts";

/** The audit key both databases' logs are sealed with, so their heads compare equal. */
const AUDIT_KEY = Buffer.alloc(32, 7);

export const settingsScenario: Scenario = (db) => {
  const settings = new SettingsStore(db);
  const out: unknown[] = [settings.get("events.stored")];
  settings.addTo("events.stored", 5);
  out.push(settings.get("events.stored"));
  settings.addTo("events.stored", 37);
  settings.set("greeting", "hello");
  out.push(settings.get("events.stored"), settings.get("greeting"));
  settings.set("greeting", "again");
  out.push(settings.get("greeting"));
  return out;
};

export const userScenario: Scenario = (db) => {
  const users = new UserStore(db);
  const user = (id: string, email: string) => ({
    id,
    email,
    name: `Name ${id}`,
    role: "dsl" as const,
    sites: ["s1"],
    passwordHash: `hash-${id}`,
    createdAt: "2026-03-01T00:00:00.000Z",
  });
  users.insert(user("u1", "Zoe@School.example"));
  users.insert({ ...user("u2", "adam@school.example"), sites: null, oneTimePasswordUntil: "2026-03-02T00:00:00.000Z" });
  const out: unknown[] = [users.byId("u1"), users.byId("nobody"), users.byEmail("zoe@school.EXAMPLE")];
  out.push(users.byEmail("nobody@school.example"), users.all(), users.count());
  // The address is unique whatever its case, as SQLite's NOCASE makes it.
  out.push(attempt(() => users.insert(user("u3", "ADAM@school.example"))));
  users.setLoginState("u1", 3, "2026-03-01T00:15:00.000Z");
  users.insertSession("sess-1", "u1", "csrf-1", "2026-03-01T08:00:00.000Z", "2026-03-01T20:00:00.000Z");
  users.insertSession("sess-2", "u1", "csrf-2", "2026-03-01T09:00:00.000Z", "2026-03-01T21:00:00.000Z");
  users.touchSession("sess-1", "2026-03-01T10:00:00.000Z");
  out.push(users.byId("u1"), users.session("sess-1"), users.session("sess-none"));
  users.insertToken("th-1", "tok-1", "u1", "sync", "2026-03-01T00:00:00.000Z");
  users.insertToken("th-2", "tok-2", "u1", "export", "2026-03-01T01:00:00.000Z", {
    expiresAt: "2026-04-01T00:00:00.000Z",
    scope: "read-only",
  });
  out.push(users.token("th-2"), users.userTokens("u1"), users.revokeToken("tok-1", "u1", "2026-03-02T00:00:00.000Z"));
  out.push(users.revokeToken("tok-1", "u1", "2026-03-03T00:00:00.000Z"), users.revokeToken("tok-2", "u2", "x"));
  const at = "2026-03-04T00:00:00.000Z";
  out.push(users.setPassword("u1", "new-hash", { at, keepSessionHash: "sess-2" }), users.session("sess-2"));
  out.push(users.setPassword("u1", "other", { at, oneTimeUntil: "2026-03-05T00:00:00.000Z" }), users.byId("u1"));
  users.setRole("u2", "auditor", ["s1", "s2"]);
  users.insertSession("sess-3", "u2", "csrf-3", "2026-03-01T08:00:00.000Z", "2026-03-09T20:00:00.000Z");
  users.insertSession("sess-4", "u2", "csrf-4", "2026-03-08T08:00:00.000Z", "2026-03-09T20:00:00.000Z");
  users.insertSession("sess-5", "u2", "csrf-5", "2026-03-08T08:00:00.000Z", "2026-03-08T09:00:00.000Z");
  out.push(users.byId("u2"), users.deleteExpiredSessions("2026-03-08T10:00:00.000Z"));
  out.push(users.deleteExpiredSessions("2026-03-08T10:00:00.000Z", "2026-03-05T00:00:00.000Z"));
  users.deleteSession("sess-4");
  out.push(users.session("sess-4"), users.disable("u2", at), users.disable("u2", at), users.byId("u2"));
  return out;
};

/** Whether `work` threw: the databases word their errors differently, but both must refuse. */
function attempt(work: () => unknown): "done" | "refused" {
  try {
    work();
    return "done";
  } catch {
    return "refused";
  }
}

export const auditScenario: Scenario = (db) => {
  const settings = new SettingsStore(db);
  const audit = new AuditStore(db, settings, AUDIT_KEY);
  const entry = (at: string, action: string, site: string | null) => ({
    at,
    actor: "u1",
    action,
    target: `target of ${action}`,
    detail: { note: 'café "quoted"', n: 1 },
    site,
  });
  const out: unknown[] = [audit.head(), audit.anchor()];
  out.push(audit.append(entry("2026-03-01T00:00:00.000Z", "user.create", null)));
  out.push(audit.append(entry("2026-03-02T00:00:00.000Z", "Policy.replace", "s1")));
  out.push(audit.append(entry("2026-03-03T00:00:00.000Z", "policy.note", "s2")));
  out.push(audit.append({ ...entry("2026-03-04T00:00:00.000Z", "user.disable", "s1"), detail: undefined }));
  out.push(audit.page(0, 10), audit.page(1, 2), audit.page(0, 10, "policy."), audit.page(0, 10, undefined, ["s1"]));
  out.push(audit.page(0, 10, "user.", ["s1", "s2"]), audit.page(0, 10, undefined, []), audit.rawPage(2, 10));
  out.push(
    audit.consistently(() => audit.head()),
    attempt(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()),
  );
  out.push(audit.purgeBefore("2026-03-03T00:00:00.000Z"), audit.anchor(), audit.head(), audit.rawPage(0, 10));
  out.push(audit.purgeBefore("2026-03-05T00:00:00.000Z"), audit.anchor(), audit.head());
  // Emptied by retention, the log goes on from the highest number it ever used, chained to the last removed entry.
  out.push(audit.append(entry("2026-03-06T00:00:00.000Z", "user.create", null)), audit.head());
  return out;
};

/** A device at a site: on SQLite in the real `devices` table, on PostgreSQL in the test's stand-in. */
function seedDevice(db: Parameters<Scenario>[0]): void {
  new FleetStore(db, recordingRollups([])).createSite("s1", "First School", "2026-03-01T00:00:00.000Z");
  db.prepare(
    "INSERT INTO devices (site_id, hostname, kind, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run("s1", "laptop-7", "laptop", "Library laptop", "2026-03-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z");
}

export const deviceTokenScenario: Scenario = (db) => {
  seedDevice(db);
  const tokens = new DeviceTokenStore(db);
  const token = (n: number) => ({
    deviceId: 1,
    tokenHash: `hash-${n}`,
    createdAt: `2026-03-0${n}T00:00:00.000Z`,
    createdBy: "u1",
  });
  const out: unknown[] = [tokens.device(1), tokens.device(2), tokens.insert(token(1)), tokens.insert(token(2))];
  out.push(tokens.find(1), tokens.find(9), tokens.revoke(1, "2026-03-04T00:00:00.000Z", "u2"));
  out.push(tokens.revoke(1, "2026-03-05T00:00:00.000Z", "u3"), tokens.list(1), tokens.list(2));
  return out;
};

/** An incident to attach to: on SQLite in the real `incidents` table, on PostgreSQL in the test's stand-in. */
function seedIncident(db: Parameters<Scenario>[0]): void {
  new FleetStore(db, recordingRollups([])).createSite("s1", "First School", "2026-03-01T00:00:00.000Z");
  db.prepare(
    `INSERT INTO incidents (site_id, client_address, client_group, category, auto_severity, severity, state, illegal,
       opened_at, first_seen, last_seen, event_count) VALUES ('s1', '10.0.0.7', 'students', 'adult', 'low', 'low',
       'open', 0, '2026-03-01', '2026-03-01', '2026-03-01', 1)`,
  ).run();
}

export const attachmentScenario: Scenario = (db) => {
  seedIncident(db);
  const folder = mkdtempSync(join(tmpdir(), "fenceline-attachments-"));
  try {
    const attachments = new AttachmentStore(db, new AttachmentFiles(folder));
    const file = (text: string) => {
      const bytes = Buffer.from(text);
      const row = { incidentId: 1, sha256: sha256Hex(bytes), size: bytes.length, mediaType: "text/plain" };
      return { row: { ...row, name: `${text}.txt`, uploadedBy: "u1", uploadedAt: "2026-03-02T00:00:00.000Z" }, bytes };
    };
    const kept = file("note");
    const undone = file("draft");
    const out: unknown[] = [attachments.add(kept.row, kept.bytes)];
    // An upload whose unit of work failed leaves its file behind, named by no attachment.
    const failedUpload = db.transaction(() => {
      attachments.add(undone.row, undone.bytes);
      throw new Error("the record entry failed");
    });
    out.push(attempt(failedUpload), attachments.forIncident(1), attachments.find(1, kept.row.sha256));
    out.push(attachments.find(1, undone.row.sha256), attachments.content(kept.row.sha256)?.toString());
    out.push(attempt(() => db.prepare("UPDATE attachments SET name = 'changed.txt'").run()));
    out.push(
      attachments.removeUnreferenced(new Date(0)),
      attachments.removeUnreferenced(new Date(Date.now() + 60_000)),
    );
    out.push(attachments.content(undone.row.sha256), attachments.content(kept.row.sha256)?.length);
    return out;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
