import { bySql, type HubDatabase } from "./hub-database.ts";
import { jsonListValues } from "./portable-sql.ts";
import { jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

export type ReviewKind = "unblock" | "block";
export type ReviewStatus = "pending" | "approved" | "refused";

/** A request to unblock a name (from the block page) or to block one that got through, and its decision. */
export interface ReviewRequest {
  id: number;
  siteId: string;
  kind: ReviewKind;
  name: string;
  category: string;
  reason: string;
  contact: string | null;
  requestedAt: string;
  /** The signed-in user who reported it; null from the anonymous form. */
  requestedBy: string | null;
  /** The sender's address as a keyed pseudonym. */
  fromAddress: string | null;
  status: ReviewStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  /** A group id, or "site" for every group. */
  scope: string | null;
  until: string | null;
  /** The policy version the approval made, and the one its end made. */
  policyVersion: number | null;
  /** The groups whose list the approval added the name to (not those that held it already). */
  addedTo: string[];
  liftedAt: string | null;
  liftVersion: number | null;
  /** Whether `category` is what the lists gave the name's latest look-up at the site, or what the requester chose. */
  categorySource: CategorySource;
  /** Every category of that latest look-up; empty when the hub holds none. */
  filterCategories: string[];
}

export type CategorySource = "filter" | "requester";

export type NewReviewRequest = Pick<
  ReviewRequest,
  | "siteId"
  | "kind"
  | "name"
  | "category"
  | "reason"
  | "contact"
  | "requestedAt"
  | "requestedBy"
  | "fromAddress"
  | "categorySource"
  | "filterCategories"
>;

export interface ReviewDecision {
  status: "approved" | "refused";
  decidedBy: string;
  decidedAt: string;
  decisionReason: string;
  scope: string | null;
  until: string | null;
  policyVersion: number | null;
  addedTo: string[];
}

const COLUMNS = `id, site_id AS "siteId", kind, name, category, reason, contact, requested_at AS "requestedAt",
  requested_by AS "requestedBy", from_address AS "fromAddress", status, decided_by AS "decidedBy", decided_at AS "decidedAt",
  decision_reason AS "decisionReason", scope, until, policy_version AS "policyVersion", added_to AS "addedTo",
  lifted_at AS "liftedAt", lift_version AS "liftVersion", category_source AS "categorySource",
  filter_categories AS "filterCategories"`;

/** What erasure writes over a request's personal fields. */
export const ERASED = "erased";

/**
 * A request names a person when its contact is, exactly (case and spaces aside), one of the
 * person's keys (display name, username), or when a signed-in user whose email is one of them
 * made it: requests hold no link to a person, only what the requester typed or who they were.
 */
const namesPerson = (db: HubDatabase) => {
  const keys = jsonListValues(db, "@keys");
  const nameOf = bySql(db, {
    sqlite: "substr(requested_by, 1, instr(requested_by || ' (', ' (') - 1)",
    postgres: "substr(requested_by, 1, strpos(requested_by || ' (', ' (') - 1)",
  });
  return `lower(trim(contact)) IN (${keys}) OR lower(${nameOf}) IN (${keys})`;
};

type Raw = Omit<ReviewRequest, "addedTo" | "filterCategories"> & { addedTo: string; filterCategories: string };
const toRequest = (row: Raw): ReviewRequest => ({
  ...row,
  addedTo: JSON.parse(row.addedTo) as string[],
  filterCategories: JSON.parse(row.filterCategories) as string[],
});

const prepareStatements = (db: HubDatabase) => ({
  insert: db
    .prepare(
      `INSERT INTO review_requests (site_id, kind, name, category, reason, contact, requested_at, requested_by, from_address,
         category_source, filter_categories)
       VALUES (@siteId, @kind, @name, @category, @reason, @contact, @requestedAt, @requestedBy, @fromAddress,
         @categorySource, @filterCategories) RETURNING id`,
    )
    .pluck(),
  get: db.prepare(`SELECT ${COLUMNS} FROM review_requests WHERE id = ?`),
  // The CAST gives PostgreSQL the parameter's type, which `IS NULL` alone does not.
  ofSite: db.prepare(`SELECT ${COLUMNS} FROM review_requests WHERE site_id = @siteId
    AND (CAST(@status AS TEXT) IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit`),
  byRequester: db.prepare(`SELECT ${COLUMNS} FROM review_requests WHERE requested_by = ? ORDER BY id DESC LIMIT ?`),
  between: db.prepare(`SELECT ${COLUMNS} FROM review_requests WHERE site_id IN ${jsonTextValues(db, "?")}
    AND ((requested_at >= ? AND requested_at < ?) OR (decided_at >= ? AND decided_at < ?)) ORDER BY id`),
  decide: db.prepare(`UPDATE review_requests SET status = @status, decided_by = @decidedBy, decided_at = @decidedAt,
    decision_reason = @decisionReason, scope = @scope, until = @until, policy_version = @policyVersion,
    added_to = @addedTo WHERE id = @id AND status = 'pending'`),
  due: db.prepare(`SELECT ${COLUMNS} FROM review_requests
    WHERE status = 'approved' AND lifted_at IS NULL AND until <= ? ORDER BY until LIMIT 500`),
  lift: db.prepare("UPDATE review_requests SET lifted_at = ?, lift_version = ? WHERE id = ? AND lifted_at IS NULL"),
  // Decided before the cut-off and no longer in force (refused, or approved and lifted since).
  purge: db.prepare(`DELETE FROM review_requests WHERE decided_at < ?
    AND (status = 'refused' OR (status = 'approved' AND lifted_at IS NOT NULL))`),
  naming: db.prepare(
    `SELECT ${COLUMNS} FROM review_requests WHERE site_id = @siteId AND (${namesPerson(db)}) ORDER BY id`,
  ),
  erase: db.prepare(`UPDATE review_requests SET contact = CASE WHEN contact IS NULL THEN NULL ELSE '${ERASED}' END,
    reason = '${ERASED}', requested_by = CASE WHEN requested_by IS NULL THEN NULL ELSE '${ERASED}' END,
    from_address = NULL WHERE site_id = @siteId AND (${namesPerson(db)})`),
});

/** Review requests and their decisions. */
export class ReviewRequestStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  insert(request: NewReviewRequest): number {
    const row = { ...request, filterCategories: JSON.stringify(request.filterCategories) };
    return Number(this.statements.insert.get(row));
  }

  get(id: number): ReviewRequest | undefined {
    const row = this.statements.get.get(id) as Raw | undefined;
    return row ? toRequest(row) : undefined;
  }

  /** The site's requests, newest first, optionally of one status. */
  ofSite(siteId: string, status: ReviewStatus | null, limit: number): ReviewRequest[] {
    return (this.statements.ofSite.all({ siteId, status, limit }) as Raw[]).map(toRequest);
  }

  /** The requests one signed-in user made, newest first, at every site. */
  byRequester(requestedBy: string, limit: number): ReviewRequest[] {
    return (this.statements.byRequester.all(requestedBy, limit) as Raw[]).map(toRequest);
  }

  /** Requests made or decided in [from, to): what a weekly report counts. */
  between(siteId: string, from: string, to: string): ReviewRequest[] {
    return this.betweenAtSites([siteId], from, to);
  }

  /** `between` for several sites in one query, in id order. */
  betweenAtSites(siteIds: readonly string[], from: string, to: string): ReviewRequest[] {
    return (this.statements.between.all(JSON.stringify(siteIds), from, to, from, to) as Raw[]).map(toRequest);
  }

  /** Records the decision on a pending request; false when it was decided already. */
  decide(id: number, decision: ReviewDecision): boolean {
    return this.statements.decide.run({ id, ...decision, addedTo: JSON.stringify(decision.addedTo) }).changes === 1;
  }

  /** Approvals whose window has ended and that are not lifted yet. */
  due(at: string): ReviewRequest[] {
    return (this.statements.due.all(at) as Raw[]).map(toRequest);
  }

  lift(id: number, at: string, version: number | null): boolean {
    return this.statements.lift.run(at, version, id).changes === 1;
  }

  /** Deletes requests decided before `before` and no longer in force; the policy log keeps their ids. */
  purgeDecidedBefore(before: string): number {
    return this.statements.purge.run(before).changes;
  }

  /** The site's requests that name a person by one of `keys` (see namesPerson). */
  naming(siteId: string, keys: readonly string[]): ReviewRequest[] {
    return (this.statements.naming.all({ siteId, keys: personKeys(keys) }) as Raw[]).map(toRequest);
  }

  /** Writes "erased" over the contact, reason and requester of those requests; the decision stays. */
  eraseNaming(siteId: string, keys: readonly string[]): number {
    return this.statements.erase.run({ siteId, keys: personKeys(keys) }).changes;
  }
}

/** The keys as the match compares them: trimmed, lower case, no empty ones. */
const personKeys = (keys: readonly string[]) =>
  JSON.stringify(keys.map((key) => key.trim().toLowerCase()).filter((key) => key.length > 0));
