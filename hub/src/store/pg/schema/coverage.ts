/** PostgreSQL schema of the sites' daily coverage snapshots (`coverage-history-store.ts`); references `sites`. */
export const COVERAGE_SCHEMA = `
CREATE TABLE coverage_days (
  site_id TEXT NOT NULL REFERENCES sites(id),
  day TEXT NOT NULL,
  category TEXT NOT NULL,
  covered INTEGER NOT NULL CHECK (covered IN (0, 1)),
  entries INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (site_id, day, category)
);
CREATE INDEX coverage_days_day ON coverage_days (day);
`;
