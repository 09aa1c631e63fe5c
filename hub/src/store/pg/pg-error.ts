/** PostgreSQL's SQLSTATE for a unique violation. */
export const UNIQUE_VIOLATION = "23505";

/** The fields libpq gives for a failed command (PQresultErrorField). */
export interface PgErrorFields {
  sqlState?: string;
  messagePrimary?: string;
  messageDetail?: string;
  constraintName?: string;
}

/**
 * A failed PostgreSQL command, with its SQLSTATE in `code` ("23505" and so on), as SQLite's errors
 * carry theirs ("SQLITE_CONSTRAINT_UNIQUE"); `unique` says a unique constraint refused the row,
 * so a store can react to a duplicate on either database.
 */
export class PgError extends Error {
  readonly code: string;
  readonly unique: boolean;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;

  constructor(message: string, fields: PgErrorFields = {}) {
    super(fields.messagePrimary ?? message.trim());
    this.name = "PgError";
    this.code = fields.sqlState ?? "";
    this.unique = this.code === UNIQUE_VIOLATION;
    this.detail = fields.messageDetail;
    this.constraint = fields.constraintName;
  }
}

/**
 * Whether a failure is the connection's, not the statement's: no SQLSTATE (libpq lost the server),
 * class 08 (connection exception) or 57P (the server shutting down or unreachable).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof PgError)) return false;
  return error.code === "" || error.code.startsWith("08") || error.code.startsWith("57P");
}
