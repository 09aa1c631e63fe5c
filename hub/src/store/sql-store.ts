import type Database from "better-sqlite3";

/**
 * The base of the stores: their database, and their statements prepared on it once as the store
 * opens, so that a statement the schema does not support fails at start rather than at first use.
 */
export abstract class SqlStore<Statements> {
  protected readonly db: Database.Database;
  protected readonly statements: Statements;

  constructor(db: Database.Database, prepare: (db: Database.Database) => Statements) {
    this.db = db;
    this.statements = prepare(db);
  }
}
