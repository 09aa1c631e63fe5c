import { bySql, type HubDatabase } from "./hub-database.ts";

/** Hub-wide key/value settings and counters (the audit anchor, the count of events ever stored, ...). */
export class SettingsStore {
  private readonly statements;

  constructor(db: HubDatabase) {
    this.statements = {
      get: db.prepare("SELECT value FROM settings WHERE key = ?").pluck(),
      set: db.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ),
      // SQLite keeps a counter as a REAL's text ("42.0": numbers bind as REAL); PostgreSQL writes the same
      // text, so reports' data versions read alike and a counter copied from SQLite still adds up.
      add: db.prepare(
        bySql(db, {
          sqlite:
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
          postgres: `INSERT INTO settings (key, value) VALUES (?, round(CAST(? AS NUMERIC), 1)::text) ON CONFLICT(key)
            DO UPDATE SET value = round(CAST(settings.value AS NUMERIC) + CAST(excluded.value AS NUMERIC), 1)::text`,
        }),
      ),
    };
  }

  get(key: string): string | undefined {
    return this.statements.get.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.statements.set.run(key, value);
  }

  /** Adds `n` to a counter kept as a setting (starting from `n` if there is none yet). */
  addTo(key: string, n: number): void {
    this.statements.add.run(key, n);
  }
}
