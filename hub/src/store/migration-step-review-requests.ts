/**
 * 17: review requests. "Unblock this" from the block page's form and "this got through" from a
 * signed-in user; each waits in a queue until ICT (or the DSL, for sensitive categories) approves
 * or refuses it with a reason. An approval is a time-boxed allow (or block) for one group or the
 * whole site, made as a policy change; `lifted_at` records its end. The sender's address is kept
 * only as a keyed pseudonym.
 */
export const STEP_REVIEW_REQUESTS = `
  CREATE TABLE review_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id TEXT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL CHECK (kind IN ('unblock', 'block')),
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    reason TEXT NOT NULL,
    contact TEXT,
    requested_at TEXT NOT NULL,
    requested_by TEXT,
    from_address TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by TEXT,
    decided_at TEXT,
    decision_reason TEXT,
    scope TEXT,
    until TEXT,
    policy_version INTEGER,
    added_to TEXT NOT NULL DEFAULT '[]',
    lifted_at TEXT,
    lift_version INTEGER
  );
  CREATE INDEX review_requests_site_status ON review_requests (site_id, status, requested_at);
  CREATE INDEX review_requests_due ON review_requests (until) WHERE status = 'approved' AND lifted_at IS NULL;
`;
