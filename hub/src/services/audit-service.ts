import type { Actor } from "../domain/roles.ts";
import { type AuditEntry, type AuditStore, auditHash } from "../store/audit-store.ts";
import { StoreService } from "./store-service.ts";

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt: number | null;
  problem: string | null;
  /** The sealed head the log was checked against, when it holds: copy it outside the hub to anchor the log. */
  head: { seq: number; hash: string; count: number } | null;
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

  /** The sealed head (newest entry and count), for reports and the daily anchor email; null when it does not hold. */
  head(): { seq: number; hash: string; count: number } | null {
    const { head, problem } = this.stores.head();
    return head && !problem ? { seq: head.seq, hash: head.hash, count: head.count } : null;
  }

  /**
   * Walks the whole chain from its anchor: every entry must hash to its stored hash and link to the
   * one before; then the newest entry and the count must be those of the sealed head, which shows
   * the newest entries removed.
   */
  verify(): AuditVerdict {
    // One snapshot: a hub appending meanwhile (verify may run from the command line) moves the head.
    return this.stores.consistently(() => this.check());
  }

  private check(): AuditVerdict {
    const chain = this.walk();
    if (!chain.ok) return { ...chain, head: null };
    const { head, problem } = this.stores.head();
    const fail = (brokenAt: number | null, why: string): AuditVerdict => ({
      ok: false,
      entries: chain.entries,
      brokenAt,
      problem: why,
      head: null,
    });
    if (!head || problem) return fail(null, problem ?? "the audit log's head is missing");
    // After a purge of every entry the chain ends at its anchor, which is the head's hash: whole.
    if (chain.lastHash !== head.hash)
      return chain.lastSeq < head.seq
        ? fail(
            chain.lastSeq + 1,
            `the log was truncated: the newest ${head.seq - chain.lastSeq} entries (#${chain.lastSeq + 1} to #${head.seq}) were removed`,
          )
        : fail(chain.lastSeq, "the newest entry is not the one the log's sealed head names");
    if (chain.entries !== head.count)
      return fail(null, `the log holds ${chain.entries} entries where its sealed head counts ${head.count}`);
    return { ok: true, entries: chain.entries, brokenAt: null, problem: null, head: this.head() };
  }

  private walk(): Omit<AuditVerdict, "head"> & { lastSeq: number; lastHash: string } {
    let expectedPrev = this.stores.anchor();
    let after = 0;
    let entries = 0;
    for (;;) {
      const rows = this.stores.rawPage(after, 5000);
      for (const row of rows) {
        entries++;
        const broken = { ok: false, entries, brokenAt: row.seq, lastSeq: after, lastHash: expectedPrev };
        if (row.prevHash !== expectedPrev)
          return { ...broken, problem: "an entry before this one was removed or changed" };
        if (auditHash(row.prevHash, row) !== row.hash)
          return { ...broken, problem: "this entry was changed after it was written" };
        expectedPrev = row.hash;
        after = row.seq;
      }
      if (rows.length < 5000)
        return { ok: true, entries, brokenAt: null, problem: null, lastSeq: after, lastHash: expectedPrev };
    }
  }
}
