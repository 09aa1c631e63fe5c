/**
 * 16: the annual review on record. One record per site and year: the meeting, who attended, the
 * archived annual review report it reviewed (with the SHA-256 of the stored document), decisions
 * and actions, and the sign-off of the DSL and of the governor. Once both have signed the record
 * and its actions are locked, like evidence: nothing is changed or deleted. An action not done is
 * carried into the next year's record as a new action that names the one it came from.
 */
export const STEP_ANNUAL_REVIEWS = `
  CREATE TABLE annual_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    year INTEGER NOT NULL,
    meeting_on TEXT,
    attendees TEXT NOT NULL DEFAULT '[]',
    report_id INTEGER REFERENCES reports(id),
    report_sha256 TEXT,
    decisions TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    dsl_signed_by TEXT,
    dsl_signed_at TEXT,
    governor_signed_by TEXT,
    governor_signed_at TEXT,
    UNIQUE (site_id, year)
  );
  CREATE TABLE annual_review_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id INTEGER NOT NULL REFERENCES annual_reviews(id),
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'done')),
    carried_from INTEGER REFERENCES annual_review_actions(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX annual_review_actions_review ON annual_review_actions (review_id);
  CREATE TRIGGER annual_reviews_locked BEFORE UPDATE ON annual_reviews
    WHEN OLD.dsl_signed_at IS NOT NULL AND OLD.governor_signed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a signed annual review is on record: it cannot be changed'); END;
  CREATE TRIGGER annual_reviews_no_delete BEFORE DELETE ON annual_reviews
    BEGIN SELECT RAISE(ABORT, 'an annual review is on record: it cannot be deleted'); END;
  CREATE TRIGGER annual_review_actions_locked_insert BEFORE INSERT ON annual_review_actions
    WHEN (SELECT dsl_signed_at IS NOT NULL AND governor_signed_at IS NOT NULL FROM annual_reviews WHERE id = NEW.review_id)
    BEGIN SELECT RAISE(ABORT, 'a signed annual review is on record: its actions cannot be changed'); END;
  CREATE TRIGGER annual_review_actions_locked_update BEFORE UPDATE ON annual_review_actions
    WHEN (SELECT dsl_signed_at IS NOT NULL AND governor_signed_at IS NOT NULL FROM annual_reviews WHERE id = OLD.review_id)
    BEGIN SELECT RAISE(ABORT, 'a signed annual review is on record: its actions cannot be changed'); END;
  CREATE TRIGGER annual_review_actions_no_delete BEFORE DELETE ON annual_review_actions
    BEGIN SELECT RAISE(ABORT, 'an annual review action is on record: it cannot be deleted'); END;
`;
