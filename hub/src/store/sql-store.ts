import type { HubDatabase } from "./hub-database.ts";

/**
 * The base of the stores: their database, and their statements prepared on it once as the store
 * opens, so that a statement the schema does not support fails at start rather than at first use.
 */
export abstract class SqlStore<Statements> {
  protected readonly db: HubDatabase;
  protected readonly statements: Statements;

  constructor(db: HubDatabase, prepare: (db: HubDatabase) => Statements) {
    this.db = db;
    this.statements = prepare(db);
  }
}
