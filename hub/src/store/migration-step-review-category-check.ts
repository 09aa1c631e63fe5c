/**
 * 20: a review request's category as the lists gave it. At submission the hub looks up the name's
 * latest flagged look-up at the site (its latest locked match first): its categories
 * (`filter_categories`, JSON) and, when there is one, its primary category becomes the request's; `category_source` says whether the
 * category came from the filter or from the requester. The index finds a name's look-ups at a site.
 */
export const STEP_REVIEW_CATEGORY_CHECK = `
  ALTER TABLE review_requests ADD COLUMN category_source TEXT NOT NULL DEFAULT 'requester'
    CHECK (category_source IN ('filter', 'requester'));
  ALTER TABLE review_requests ADD COLUMN filter_categories TEXT NOT NULL DEFAULT '[]';
  CREATE INDEX events_site_name_time ON events (site_id, name, time);
`;
