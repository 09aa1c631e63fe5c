/**
 * 21 (the coverage history): once a day per site, whether each category was covered, as the
 * coverage page measures it (a list configured and loaded with entries), and with how many
 * entries. `day` is the site's local date; one row per site, day and category, written once. The
 * board's quarterly report counts the days each headline category was covered.
 */
export const STEP_COVERAGE_HISTORY = `
  CREATE TABLE coverage_days (
    site_id TEXT NOT NULL REFERENCES sites(id),
    day TEXT NOT NULL,
    category TEXT NOT NULL,
    covered INTEGER NOT NULL CHECK (covered IN (0, 1)),
    entries INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (site_id, day, category)
  ) WITHOUT ROWID;
  CREATE INDEX coverage_days_day ON coverage_days (day);
`;
