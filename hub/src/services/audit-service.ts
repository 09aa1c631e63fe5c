import type { Actor } from "../domain/roles.ts";
import { type AuditEntry, type AuditStore, auditHash } from "../store/audit-store.ts";
import { StoreService } from "./store-service.ts";

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt: number | null;
  problem: string | null;
}

/** Who is recorded as acting: a user by email and id, or the hub itself by its system name. */
export function actorName(actor: Actor | "system"): string {
  if (actor === "system") return "system";
  return actor.system ? actor.userId : `${actor.email} (${actor.userId})`;
}

/** Records every security- and safeguarding-relevant act, and proves the record is whole. */
export class AuditService extends StoreService<AuditStore> {
  /** `site`: the one site the act concerns, so auditors limited to it see the entry; null for none or several. */
  record(
    actor: Actor | "system" | string,
    action: string,
    target: string | null,
    detail: unknown = {},
    site: string | null = null,
  ): AuditEntry {
    const name = typeof actor === "string" ? actor : actorName(actor);
    return this.stores.append({ at: this.now().toISOString(), actor: name, action, target, detail, site });
  }

  /** Entries after `afterSeq`; with `sites`, only those concerning one of them (an all-sites reader passes null). */
  page(afterSeq: number, limit: number, actionPrefix?: string, sites: readonly string[] | null = null): AuditEntry[] {
    return this.stores.page(afterSeq, limit, actionPrefix, sites);
  }

  /** Walks the whole chain from its anchor: every entry must hash to its stored hash and link to the one before. */
  verify(): AuditVerdict {
    let expectedPrev = this.stores.anchor();
    let after = 0;
    let entries = 0;
    for (;;) {
      const rows = this.stores.rawPage(after, 5000);
      for (const row of rows) {
        entries++;
        if (row.prevHash !== expectedPrev)
          return { ok: false, entries, brokenAt: row.seq, problem: "an entry before this one was removed or changed" };
        if (auditHash(row.prevHash, row) !== row.hash)
          return { ok: false, entries, brokenAt: row.seq, problem: "this entry was changed after it was written" };
        expectedPrev = row.hash;
        after = row.seq;
      }
      if (rows.length < 5000) return { ok: true, entries, brokenAt: null, problem: null };
    }
  }
}
