import type Database from "better-sqlite3";
import { MIGRATIONS } from "./migration-steps.ts";

export { MIGRATIONS };

/**
 * Applies the steps not yet applied, each in its own transaction; `upTo` stops early (tests build
 * old schemas). Each step takes the write lock first and reads the version under it: two hub
 * processes starting together on one file apply each step once, the second finding it done.
 */
export function migrate(db: Database.Database, upTo: number = MIGRATIONS.length): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  for (let step = version(); step < upTo; step++) {
    db.transaction(() => {
      if (version() > step) return;
      db.exec(MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}
