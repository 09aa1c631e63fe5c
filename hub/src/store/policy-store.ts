import type { HubDatabase } from "./hub-database.ts";
import { jsonTextValues } from "./sql-json.ts";

export interface SitePolicy {
  version: number;
  body: string;
}

export interface PolicyChange {
  seq: number;
  at: string;
  changedBy: string;
  reason: string;
  oldBody: string | null;
  newBody: string;
}

/** Each site's filtering policy, versioned, and the change log that says who changed it, when and why. */
export class PolicyStore {
  private readonly statements;
  private readonly replaceTx: (
    siteId: string,
    body: string,
    change: { at: string; by: string; reason: string },
  ) => number;

  constructor(db: HubDatabase) {
    this.statements = {
      current: db.prepare("SELECT version, body FROM site_policies WHERE site_id = ?"),
      currentOf: db.prepare(
        `SELECT site_id AS "siteId", version, body FROM site_policies WHERE site_id IN ${jsonTextValues(db, "?")}`,
      ),
      upsert: db.prepare(
        "INSERT INTO site_policies (site_id, version, body, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT(site_id) DO UPDATE SET version = site_policies.version + 1, body = excluded.body, updated_at = excluded.updated_at",
      ),
      insertChange: db.prepare(
        "INSERT INTO policy_changes (site_id, at, changed_by, reason, old_body, new_body) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      changes: db.prepare(
        'SELECT seq, at, changed_by AS "changedBy", reason, old_body AS "oldBody", new_body AS "newBody" FROM policy_changes WHERE site_id = ? ORDER BY seq DESC LIMIT ?',
      ),
    };
    // A policy never changes without its change-log entry.
    this.replaceTx = db.transaction((siteId, body, change) => {
      const old = this.current(siteId);
      this.statements.upsert.run(siteId, body, change.at);
      this.statements.insertChange.run(siteId, change.at, change.by, change.reason, old?.body ?? null, body);
      return (this.current(siteId) as SitePolicy).version;
    });
  }

  current(siteId: string): SitePolicy | undefined {
    return this.statements.current.get(siteId) as SitePolicy | undefined;
  }

  /** The current policy of each of `siteIds` that has one, in one read. */
  currentOf(siteIds: readonly string[]): Map<string, SitePolicy> {
    const rows = this.statements.currentOf.all(JSON.stringify(siteIds)) as (SitePolicy & { siteId: string })[];
    return new Map(rows.map(({ siteId, ...policy }) => [siteId, policy]));
  }

  /** Replaces a site's policy and records the change, in one transaction; returns the new version. */
  replace(siteId: string, body: string, change: { at: string; by: string; reason: string }): number {
    return this.replaceTx(siteId, body, change);
  }

  /**
   * Records a change to what the site's agents apply that is not an edit of the policy document (a
   * sanction on one person, set or lifted): a change-log row with the document unchanged (old = new),
   * the version not bumped.
   */
  note(siteId: string, change: { at: string; by: string; reason: string }): void {
    const body = this.current(siteId)?.body ?? null;
    this.statements.insertChange.run(siteId, change.at, change.by, change.reason, body, body ?? "null");
  }

  /** The latest `limit` changes to a site's policy, newest first. */
  changes(siteId: string, limit: number): PolicyChange[] {
    return this.statements.changes.all(siteId, limit) as PolicyChange[];
  }
}
