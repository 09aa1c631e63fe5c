import { createHash } from "node:crypto";
import { type AuditHead, headSealed, parseHead, sealHead } from "./audit-head.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import type { SettingsStore } from "./settings-store.ts";

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
  /** The site the entry concerns; null when none (or several): then only all-sites auditors see it. */
  site: string | null;
  prevHash: string;
  hash: string;
}

interface AuditRow extends Omit<AuditEntry, "detail"> {
  detail: string;
}

export const GENESIS_HASH = "0".repeat(64);
const ANCHOR_KEY = "audit.anchor";
const PAGE_COLUMNS = 'seq, at, actor, action, target, detail, site_id AS site, prev_hash AS "prevHash", hash';
const HEAD_KEY = "audit.head";

/**
 * The hash of one entry: its own fields and its predecessor's hash, so any change breaks the chain
 * after it. The site is hashed only when there is one, so entries written before it existed still verify.
 */
export function auditHash(prevHash: string, e: Omit<AuditRow, "prevHash" | "hash">): string {
  const fields = [e.seq, e.at, e.actor, e.action, e.target, e.detail];
  return createHash("sha256")
    .update(prevHash)
    .update(JSON.stringify(e.site === null ? fields : [...fields, e.site]))
    .digest("hex");
}

/**
 * The audit log: append-only (a trigger refuses updates) and hash-chained. Retention may remove
 * the oldest entries; the hash the first survivor points back to is kept as the anchor, so a
 * removal by anyone else still shows. The head (newest entry and count, sealed with a key kept
 * outside the database) moves with every append and purge, so removing the newest entries shows too.
 */
export class AuditStore {
  private readonly db: HubDatabase;
  private readonly settings: SettingsStore;
  private readonly key: Buffer;
  private readonly statements;
  private readonly appendTx: (entry: Omit<AuditRow, "seq" | "prevHash" | "hash">) => AuditEntry;

  constructor(db: HubDatabase, settings: SettingsStore, key: Buffer) {
    this.db = db;
    this.settings = settings;
    this.key = key;
    this.statements = {
      last: db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"),
      // The highest seq ever used, though retention removed it (pg/schema/audit.ts keeps it on PostgreSQL).
      maxSeq: db
        .prepare(
          bySql(db, {
            sqlite: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'",
            postgres: "SELECT last_seq FROM audit_log_sequence",
          }),
        )
        .pluck(),
      insert: db.prepare(
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, site_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      page: db.prepare(
        bySql(db, {
          sqlite: `SELECT ${PAGE_COLUMNS} FROM audit_log
         WHERE seq > ? AND (? IS NULL OR action LIKE ?)
           AND (? IS NULL OR site_id IN (SELECT value FROM json_each(?))) ORDER BY seq LIMIT ?`,
          // ILIKE with no escape character: SQLite's LIKE, which folds ASCII case and has no escape by default.
          postgres: `SELECT ${PAGE_COLUMNS} FROM audit_log
         WHERE seq > ? AND (CAST(? AS TEXT) IS NULL OR action ILIKE ? ESCAPE '')
           AND (CAST(? AS TEXT) IS NULL OR site_id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))) ORDER BY seq LIMIT ?`,
        }),
      ),
      firstAfter: db.prepare("SELECT prev_hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT 1").pluck(),
      deleteBefore: db.prepare("DELETE FROM audit_log WHERE at < ?"),
      minSeq: db.prepare("SELECT MIN(seq) FROM audit_log").pluck(),
      count: db.prepare("SELECT COUNT(*) FROM audit_log").pluck(),
    };
    this.appendTx = db.transaction((entry) => {
      const last = this.statements.last.get() as { seq: number; hash: string } | undefined;
      const seq = Math.max(last?.seq ?? 0, (this.statements.maxSeq.get() as number | undefined) ?? 0) + 1;
      const prevHash = last?.hash ?? this.anchor();
      const hash = auditHash(prevHash, { seq, ...entry });
      const { at, actor, action, target, detail, site } = entry;
      this.statements.insert.run(seq, at, actor, action, target, detail, site, prevHash, hash);
      // The head moves only while it matches the log: a head left behind by a removal stays as it is, for verify to find.
      const head = this.sealedHead();
      if (head && head.hash === prevHash) this.setHead(sealHead(this.key, seq, hash, head.count + 1));
      return { seq, ...entry, detail: JSON.parse(entry.detail), prevHash, hash };
    });
    // The schema step that introduced the head leaves it pending: sealed over the log as it is now.
    if (parseHead(settings.get(HEAD_KEY)) === "pending")
      db.transaction(() => {
        const last = this.statements.last.get() as { seq: number; hash: string } | undefined;
        const count = this.statements.count.get() as number;
        this.setHead(sealHead(this.key, last?.seq ?? 0, last?.hash ?? this.anchor(), count));
      })();
  }

  /** Runs `read` in one transaction: one snapshot of the log and its head, though the hub appends meanwhile. */
  consistently<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** The stored head, and whether it holds: absent, unreadable or not sealed with this hub's key is a problem. */
  head(): { head: AuditHead | null; problem: string | null } {
    const head = parseHead(this.settings.get(HEAD_KEY));
    if (head === null)
      return { head: null, problem: "the audit log's head is missing: it was removed behind the hub's back" };
    if (head === "pending") return { head: null, problem: "the audit log's head was never sealed" };
    if (!headSealed(this.key, head))
      return {
        head,
        problem:
          "the audit log's head is not sealed with this hub's audit key: it was changed, or the key is not this database's",
      };
    return { head, problem: null };
  }

  private sealedHead(): AuditHead | null {
    const { head, problem } = this.head();
    return problem ? null : head;
  }

  private setHead(head: AuditHead): void {
    this.settings.set(HEAD_KEY, JSON.stringify(head));
  }

  append(entry: {
    at: string;
    actor: string;
    action: string;
    target: string | null;
    detail: unknown;
    site?: string | null;
  }): AuditEntry {
    return this.appendTx({ ...entry, site: entry.site ?? null, detail: JSON.stringify(entry.detail ?? {}) });
  }

  /**
   * Entries after `afterSeq`, oldest first, optionally only actions starting with `actionPrefix`,
   * and only those concerning one of `sites` when given (null: every entry, with a site or without).
   */
  page(afterSeq: number, limit: number, actionPrefix?: string, sites: readonly string[] | null = null): AuditEntry[] {
    const like = actionPrefix ? `${actionPrefix}%` : null;
    const siteList = sites === null ? null : JSON.stringify(sites);
    return (this.statements.page.all(afterSeq, like, like, siteList, siteList, limit) as AuditRow[]).map((row) => ({
      ...row,
      detail: JSON.parse(row.detail),
    }));
  }

  /** Rows exactly as stored, for verification. */
  rawPage(afterSeq: number, limit: number): AuditRow[] {
    return this.statements.page.all(afterSeq, null, null, null, null, limit) as AuditRow[];
  }

  /** The hash the first retained entry must point back to. */
  anchor(): string {
    return this.settings.get(ANCHOR_KEY) ?? GENESIS_HASH;
  }

  /** Removes entries older than `before`, moving the anchor to the first survivor's predecessor. */
  purgeBefore(before: string): number {
    return this.db.transaction(() => {
      const last = this.statements.last.get() as { hash: string } | undefined;
      const head = this.sealedHead();
      const matched = head !== null && head.hash === (last?.hash ?? this.anchor());
      const removed = this.statements.deleteBefore.run(before).changes;
      if (removed > 0 && head && matched) this.setHead(sealHead(this.key, head.seq, head.hash, head.count - removed));
      if (removed > 0) {
        const first = this.statements.minSeq.get() as number | null;
        // With nothing left, the next entry chains from the last removed one's hash.
        const anchor = first === null ? last?.hash : (this.statements.firstAfter.get(first) as string);
        if (anchor) this.settings.set(ANCHOR_KEY, anchor);
      }
      return removed;
    })();
  }
}
