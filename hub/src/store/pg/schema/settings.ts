/** PostgreSQL schema of the hub-wide key/value settings and counters (`settings-store.ts`). */
export const SETTINGS_SCHEMA = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
