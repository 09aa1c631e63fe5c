import type { CheckItem, CheckUntested } from "@fenceline/shared/checks";
import type { HubDatabase } from "./hub-database.ts";
import { jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

export type CheckTrigger = "schedule" | "demand";
export type CheckStatus = "requested" | "passed" | "failed" | "missed";

/** One filtering check asked of one agent, and (once answered) what it found. */
export interface CheckRun {
  id: string;
  siteId: string;
  agentId: string;
  /** The agent's name, as the fleet page shows it. */
  agentName: string;
  trigger: CheckTrigger;
  /** The scheduled slot (UTC) a `schedule` run was asked for; null on demand. */
  slot: string | null;
  /** The user who asked for it (on demand); null for the schedule. */
  requestedBy: string | null;
  requestedAt: string;
  finishedAt: string | null;
  status: CheckStatus;
  listsVersion: string | null;
  /** Every item as the hub judged it (its `pass` is the hub's, not the agent's). */
  items: CheckItem[];
  untested: CheckUntested[];
  failedCount: number;
  /** The failure alert: null until one is due or sent; "sending", "sent", "failed: …", "no recipients". */
  alertStatus: string | null;
}

export type NewCheckRun = Pick<
  CheckRun,
  "id" | "siteId" | "agentId" | "trigger" | "slot" | "requestedBy" | "requestedAt"
>;

export interface CheckAnswer {
  status: "passed" | "failed";
  finishedAt: string;
  listsVersion: string;
  items: CheckItem[];
  untested: CheckUntested[];
  failedCount: number;
}

/** Where a page of runs ends: runs asked together share a time, so the id breaks the tie. */
export type CheckRunKey = Pick<CheckRun, "requestedAt" | "id">;

/** Counts of a site's runs in a period, by status. */
export interface CheckTally {
  runs: number;
  passed: number;
  failed: number;
  missed: number;
}

const COLUMNS = `id, site_id AS "siteId", agent_id AS "agentId",
  (SELECT name FROM agents WHERE agents.id = agent_id) AS "agentName", trigger, slot, requested_by AS "requestedBy",
  requested_at AS "requestedAt", finished_at AS "finishedAt", status, lists_version AS "listsVersion", items, untested,
  failed_count AS "failedCount", alert_status AS "alertStatus"`;

type Raw = Omit<CheckRun, "items" | "untested"> & { items: string; untested: string };
const toRun = (row: Raw): CheckRun => ({
  ...row,
  items: JSON.parse(row.items) as CheckItem[],
  untested: JSON.parse(row.untested) as CheckUntested[],
});

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(`INSERT INTO filter_check_runs
    (id, site_id, agent_id, trigger, slot, requested_by, requested_at)
    VALUES (@id, @siteId, @agentId, @trigger, @slot, @requestedBy, @requestedAt) ON CONFLICT DO NOTHING`),
  get: db.prepare(`SELECT ${COLUMNS} FROM filter_check_runs WHERE id = ?`),
  open: db.prepare(`SELECT ${COLUMNS} FROM filter_check_runs WHERE agent_id = ? AND status = 'requested'
    ORDER BY requested_at, id LIMIT ?`),
  // The CAST gives PostgreSQL the parameter's type, which `IS NULL` alone does not.
  ofSite: db.prepare(`SELECT ${COLUMNS} FROM filter_check_runs WHERE site_id = @siteId
    AND (CAST(@at AS TEXT) IS NULL OR requested_at < @at OR (requested_at = @at AND id < @id))
    ORDER BY requested_at DESC, id DESC LIMIT @limit`),
  between: db.prepare(`SELECT ${COLUMNS} FROM filter_check_runs WHERE site_id IN ${jsonTextValues(db, "?")}
    AND requested_at >= ? AND requested_at < ? ORDER BY requested_at, id`),
  answer: db.prepare(`UPDATE filter_check_runs SET status = @status, finished_at = @finishedAt,
    lists_version = @listsVersion, items = @items, untested = @untested, failed_count = @failedCount
    WHERE id = @id AND status = 'requested'`),
  expire: db.prepare(`UPDATE filter_check_runs SET status = 'missed', finished_at = @now
    WHERE status = 'requested' AND requested_at < @before`),
  alertsDue: db.prepare(`SELECT ${COLUMNS} FROM filter_check_runs WHERE status = 'failed' AND alert_status IS NULL
    ORDER BY requested_at LIMIT 100`),
  claimAlert: db.prepare(`UPDATE filter_check_runs SET alert_status = 'sending'
    WHERE id = ? AND status = 'failed' AND alert_status IS NULL`),
  setAlert: db.prepare("UPDATE filter_check_runs SET alert_status = ? WHERE id = ?"),
  purge: db.prepare("DELETE FROM filter_check_runs WHERE requested_at < ?"),
});

/** Filtering check runs: asked, answered, missed, alerted, and their retention. */
export class FilterCheckStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  /** Stores a new run; false when the agent already has a run for the same scheduled slot. */
  insert(run: NewCheckRun): boolean {
    return this.statements.insert.run(run).changes === 1;
  }

  get(id: string): CheckRun | undefined {
    const row = this.statements.get.get(id) as Raw | undefined;
    return row ? toRun(row) : undefined;
  }

  /** The agent's runs still waiting for an answer, oldest first. */
  open(agentId: string, limit: number): CheckRun[] {
    return (this.statements.open.all(agentId, limit) as Raw[]).map(toRun);
  }

  /** The site's runs, newest first; after `after` (the last run of the previous page) when given. */
  ofSite(siteId: string, limit: number, after: CheckRunKey | null = null): CheckRun[] {
    const key = { at: after?.requestedAt ?? null, id: after?.id ?? null };
    return (this.statements.ofSite.all({ siteId, ...key, limit }) as Raw[]).map(toRun);
  }

  /** The site's runs requested in [from, to), oldest first: what reports count. */
  between(siteId: string, from: string, to: string): CheckRun[] {
    return this.betweenAtSites([siteId], from, to);
  }

  /** `between` for several sites in one query, in the order of their requests. */
  betweenAtSites(siteIds: readonly string[], from: string, to: string): CheckRun[] {
    return (this.statements.between.all(JSON.stringify(siteIds), from, to) as Raw[]).map(toRun);
  }

  /** Records the answer to a run still open; false when it was answered or missed already. */
  answer(id: string, answer: CheckAnswer): boolean {
    const row = { id, ...answer, items: JSON.stringify(answer.items), untested: JSON.stringify(answer.untested) };
    return this.statements.answer.run(row).changes === 1;
  }

  /** Marks every run requested before `before` and still open as missed; returns how many. */
  expire(before: string, now: string): number {
    return this.statements.expire.run({ before, now }).changes;
  }

  /** Failed runs whose alert has not been attempted yet. */
  alertsDue(): CheckRun[] {
    return (this.statements.alertsDue.all() as Raw[]).map(toRun);
  }

  /** Takes a failed run's alert for sending, once: false when another sweep took it or it went already. */
  claimAlert(id: string): boolean {
    return this.statements.claimAlert.run(id).changes === 1;
  }

  setAlertStatus(id: string, status: string): void {
    this.statements.setAlert.run(status, id);
  }

  /** Deletes runs requested before `before` (retention); returns how many. */
  purgeBefore(before: string): number {
    return this.statements.purge.run(before).changes;
  }
}
