import type { HubDatabase } from "./hub-database.ts";
import { jsonIntegerValues, jsonTextValues } from "./sql-json.ts";
import { SqlStore } from "./sql-store.ts";

/** Who attended the review meeting, in which capacity. */
export const ATTENDEE_ROLES = ["slt", "dsl", "ict", "governor"] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];
export interface Attendee {
  name: string;
  role: AttendeeRole;
}

export const ACTION_STATUSES = ["open", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One action agreed at a review: what, who owns it, by when; carried from last year's record if it was not done. */
export interface ReviewAction {
  id: number;
  reviewId: number;
  what: string;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
  carriedFrom: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A site's annual review of its filtering and monitoring, as recorded and signed. */
export interface AnnualReview {
  id: number;
  siteId: string;
  year: number;
  meetingOn: string | null;
  attendees: Attendee[];
  reportId: number | null;
  reportSha256: string | null;
  decisions: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  dslSignedBy: string | null;
  dslSignedAt: string | null;
  governorSignedBy: string | null;
  governorSignedAt: string | null;
}

export type ReviewFields = Pick<AnnualReview, "meetingOn" | "attendees" | "decisions">;
export type ActionFields = Pick<ReviewAction, "what" | "owner" | "dueOn" | "status">;

const COLUMNS = `id, site_id AS "siteId", year, meeting_on AS "meetingOn", attendees, report_id AS "reportId",
  report_sha256 AS "reportSha256", decisions, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt",
  dsl_signed_by AS "dslSignedBy", dsl_signed_at AS "dslSignedAt", governor_signed_by AS "governorSignedBy",
  governor_signed_at AS "governorSignedAt"`;
const ACTION_COLUMNS = `id, review_id AS "reviewId", what, owner, due_on AS "dueOn", status, carried_from AS "carriedFrom",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

type Raw = Omit<AnnualReview, "attendees"> & { attendees: string };
const toReview = (row: Raw): AnnualReview => ({ ...row, attendees: JSON.parse(row.attendees) as Attendee[] });

const prepareStatements = (db: HubDatabase) => ({
  insert: db
    .prepare(`INSERT INTO annual_reviews (site_id, year, meeting_on, attendees, decisions, created_by, created_at, updated_at)
    VALUES (@siteId, @year, @meetingOn, @attendees, @decisions, @createdBy, @at, @at) RETURNING id`)
    .pluck(),
  get: db.prepare(`SELECT ${COLUMNS} FROM annual_reviews WHERE site_id = ? AND year = ?`),
  ofSite: db.prepare(`SELECT ${COLUMNS} FROM annual_reviews WHERE site_id = ? ORDER BY year DESC LIMIT ?`),
  latestBefore: db.prepare(
    `SELECT ${COLUMNS} FROM annual_reviews WHERE site_id = ? AND year < ? ORDER BY year DESC LIMIT 1`,
  ),
  latestBeforeAtSites: db.prepare(
    `SELECT ${COLUMNS} FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY site_id ORDER BY year DESC) AS newest
       FROM annual_reviews r WHERE site_id IN ${jsonTextValues(db, "?")} AND year < ?) r WHERE newest = 1`,
  ),
  update: db.prepare(`UPDATE annual_reviews SET meeting_on = @meetingOn, attendees = @attendees,
    decisions = @decisions, updated_at = @at WHERE id = @id`),
  attach: db.prepare("UPDATE annual_reviews SET report_id = ?, report_sha256 = ?, updated_at = ? WHERE id = ?"),
  signDsl: db.prepare(
    "UPDATE annual_reviews SET dsl_signed_by = ?, dsl_signed_at = ? WHERE id = ? AND dsl_signed_at IS NULL",
  ),
  signGovernor: db.prepare(
    "UPDATE annual_reviews SET governor_signed_by = ?, governor_signed_at = ? WHERE id = ? AND governor_signed_at IS NULL",
  ),
  actions: db.prepare(`SELECT ${ACTION_COLUMNS} FROM annual_review_actions WHERE review_id = ? ORDER BY id`),
  actionsOfReviews: db.prepare(
    `SELECT ${ACTION_COLUMNS} FROM annual_review_actions WHERE review_id IN ${jsonIntegerValues(db, "?")} ORDER BY id`,
  ),
  action: db.prepare(`SELECT ${ACTION_COLUMNS} FROM annual_review_actions WHERE id = ?`),
  insertAction: db
    .prepare(`INSERT INTO annual_review_actions
    (review_id, what, owner, due_on, status, carried_from, created_at, updated_at)
    VALUES (@reviewId, @what, @owner, @dueOn, @status, @carriedFrom, @at, @at) RETURNING id`)
    .pluck(),
  updateAction: db.prepare(`UPDATE annual_review_actions SET what = @what, owner = @owner, due_on = @dueOn,
    status = @status, updated_at = @at WHERE id = @id`),
});

/** Annual review records and their actions; the schema's triggers keep a signed record as it was signed. */
export class AnnualReviewStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  insert(review: { siteId: string; year: number; createdBy: string; at: string } & ReviewFields): number {
    const row = { ...review, attendees: JSON.stringify(review.attendees) };
    return Number(this.statements.insert.get(row));
  }

  get(siteId: string, year: number): AnnualReview | undefined {
    const row = this.statements.get.get(siteId, year) as Raw | undefined;
    return row ? toReview(row) : undefined;
  }

  /** A site's records, newest year first. */
  ofSite(siteId: string, limit = 50): AnnualReview[] {
    return (this.statements.ofSite.all(siteId, limit) as Raw[]).map(toReview);
  }

  /** The site's latest record from a year before `year`: the one whose open actions carry on. */
  latestBefore(siteId: string, year: number): AnnualReview | undefined {
    const row = this.statements.latestBefore.get(siteId, year) as Raw | undefined;
    return row ? toReview(row) : undefined;
  }

  /** `latestBefore` for several sites in one query, by site (a site with none is left out). */
  latestBeforeAtSites(siteIds: readonly string[], year: number): Map<string, AnnualReview> {
    const rows = this.statements.latestBeforeAtSites.all(JSON.stringify(siteIds), year) as Raw[];
    return new Map(rows.map((row) => [row.siteId, toReview(row)]));
  }

  update(id: number, fields: ReviewFields, at: string): void {
    this.statements.update.run({ ...fields, attendees: JSON.stringify(fields.attendees), id, at });
  }

  attachReport(id: number, reportId: number, sha256: string, at: string): void {
    this.statements.attach.run(reportId, sha256, at, id);
  }

  /** Records a signature once; whether it was not already there. */
  sign(id: number, as: "dsl" | "governor", by: string, at: string): boolean {
    const statement = as === "dsl" ? this.statements.signDsl : this.statements.signGovernor;
    return statement.run(by, at, id).changes > 0;
  }

  actions(reviewId: number): ReviewAction[] {
    return this.statements.actions.all(reviewId) as ReviewAction[];
  }

  /** The actions of several reviews in one query, by review, each's in id order. */
  actionsOfReviews(reviewIds: readonly number[]): Map<number, ReviewAction[]> {
    if (reviewIds.length === 0) return new Map();
    const actions = this.statements.actionsOfReviews.all(JSON.stringify(reviewIds)) as ReviewAction[];
    return Map.groupBy(actions, (action) => action.reviewId);
  }

  action(id: number): ReviewAction | undefined {
    return this.statements.action.get(id) as ReviewAction | undefined;
  }

  addAction(action: { reviewId: number; carriedFrom: number | null; at: string } & ActionFields): number {
    return Number(this.statements.insertAction.get(action));
  }

  updateAction(id: number, fields: ActionFields, at: string): void {
    this.statements.updateAction.run({ ...fields, id, at });
  }
}

/** Whether both have signed: the record is then locked. */
export function reviewLocked(review: Pick<AnnualReview, "dslSignedAt" | "governorSignedAt">): boolean {
  return review.dslSignedAt !== null && review.governorSignedAt !== null;
}
