import type Database from "better-sqlite3";
import { MIGRATIONS } from "./migration-steps.ts";

export { MIGRATIONS };

/** Applies the steps not yet applied, each in its own transaction; `upTo` stops early (tests build old schemas). */
export function migrate(db: Database.Database, upTo: number = MIGRATIONS.length): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let step = version; step < upTo; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
