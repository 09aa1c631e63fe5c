import type { Role } from "../domain/roles.ts";
import { bySql, type HubDatabase } from "./hub-database.ts";
import { SqlStore } from "./sql-store.ts";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  sites: string[] | null;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  disabledAt: string | null;
  /** Set while the password is a one-time one (set by the hub): when it stops working. */
  oneTimePasswordUntil: string | null;
}

export type TokenScope = "read-only" | "read-write";

export interface SessionRecord {
  userId: string;
  csrf: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface TokenRecord {
  id: string;
  userId: string;
  revokedAt: string | null;
  /** Null only for tokens made by test fixtures. */
  expiresAt: string | null;
  scope: TokenScope;
}

export type TokenSummary = Omit<TokenRecord, "userId"> & { name: string; createdAt: string };

interface UserRow extends Omit<UserRecord, "sites"> {
  sites: string | null;
}

const USER_COLUMNS =
  'id, email, name, role, sites, password_hash AS "passwordHash", failed_logins AS "failedLogins", locked_until AS "lockedUntil", created_at AS "createdAt", disabled_at AS "disabledAt", one_time_password_until AS "oneTimePasswordUntil"';

/**
 * Emails compare as SQLite's NOCASE compares them (ASCII letters folded): on PostgreSQL by the
 * expression its unique index is on (`pg/schema/users.ts`).
 */
const EMAIL_NOCASE = { sqlite: "email", postgres: 'lower(email COLLATE "C")' } as const;
const emailEquals = (db: HubDatabase) =>
  bySql(db, { sqlite: "email = ?", postgres: `${EMAIL_NOCASE.postgres} = lower(CAST(? AS TEXT) COLLATE "C")` });

function toUser(row: UserRow | undefined): UserRecord | undefined {
  return row ? { ...row, sites: row.sites === null ? null : (JSON.parse(row.sites) as string[]) } : undefined;
}

const prepareStatements = (db: HubDatabase) => ({
  insert: db.prepare(
    "INSERT INTO users (id, email, name, role, sites, password_hash, created_at, one_time_password_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ),
  byId: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
  byEmail: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE ${emailEquals(db)}`),
  all: db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY ${bySql(db, EMAIL_NOCASE)}`),
  count: db.prepare("SELECT COUNT(*) FROM users").pluck(),
  setLogin: db.prepare("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?"),
  setPassword: db.prepare(
    "UPDATE users SET password_hash = ?, one_time_password_until = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
  ),
  deleteOtherSessions: db.prepare(
    bySql(db, {
      sqlite: "DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?",
      postgres: "DELETE FROM sessions WHERE user_id = ? AND id_hash IS DISTINCT FROM ?",
    }),
  ),
  revokeUserTokens: db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"),
  setRole: db.prepare("UPDATE users SET role = ?, sites = ? WHERE id = ?"),
  disable: db.prepare("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL"),
  insertSession: db.prepare(
    "INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
  ),
  session: db.prepare(
    'SELECT user_id AS "userId", csrf, expires_at AS "expiresAt", last_seen_at AS "lastSeenAt" FROM sessions WHERE id_hash = ?',
  ),
  touchSession: db.prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?"),
  deleteSession: db.prepare("DELETE FROM sessions WHERE id_hash = ?"),
  deleteUserSessions: db.prepare("DELETE FROM sessions WHERE user_id = ?"),
  deleteExpiredSessions: db.prepare("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?"),
  insertToken: db.prepare(
    "INSERT INTO api_tokens (token_hash, id, user_id, name, created_at, expires_at, scope) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ),
  token: db.prepare(
    'SELECT id, user_id AS "userId", revoked_at AS "revokedAt", expires_at AS "expiresAt", scope FROM api_tokens WHERE token_hash = ?',
  ),
  userTokens: db.prepare(
    'SELECT id, name, created_at AS "createdAt", revoked_at AS "revokedAt", expires_at AS "expiresAt", scope FROM api_tokens WHERE user_id = ? ORDER BY created_at',
  ),
  revokeToken: db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL"),
});

/** Users, their sessions and their API tokens. */
export class UserStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: HubDatabase) {
    super(db, prepareStatements);
  }

  insert(
    user: Omit<UserRecord, "failedLogins" | "lockedUntil" | "disabledAt" | "oneTimePasswordUntil"> & {
      oneTimePasswordUntil?: string | null;
    },
  ): void {
    this.statements.insert.run(
      user.id,
      user.email,
      user.name,
      user.role,
      user.sites === null ? null : JSON.stringify(user.sites),
      user.passwordHash,
      user.createdAt,
      user.oneTimePasswordUntil ?? null,
    );
  }

  byId(id: string): UserRecord | undefined {
    return toUser(this.statements.byId.get(id) as UserRow | undefined);
  }

  byEmail(email: string): UserRecord | undefined {
    return toUser(this.statements.byEmail.get(email) as UserRow | undefined);
  }

  all(): UserRecord[] {
    return (this.statements.all.all() as UserRow[]).map((row) => toUser(row) as UserRecord);
  }

  count(): number {
    return this.statements.count.get() as number;
  }

  setLoginState(id: string, failedLogins: number, lockedUntil: string | null): void {
    this.statements.setLogin.run(failedLogins, lockedUntil, id);
  }

  /**
   * Sets the password (one-time until `oneTimeUntil`, or the user's own when null) and, in the same
   * transaction, ends every session of the user but `keepSessionHash` and revokes all their API
   * tokens: whoever held the old password must not stay signed in.
   */
  setPassword(
    id: string,
    passwordHash: string,
    change: { at: string; oneTimeUntil?: string | null; keepSessionHash?: string | null },
  ): { sessionsEnded: number; tokensRevoked: number } {
    return this.db.transaction(() => {
      this.statements.setPassword.run(passwordHash, change.oneTimeUntil ?? null, id);
      const sessionsEnded = this.statements.deleteOtherSessions.run(id, change.keepSessionHash ?? null).changes;
      const tokensRevoked = this.statements.revokeUserTokens.run(change.at, id).changes;
      return { sessionsEnded, tokensRevoked };
    })();
  }

  setRole(id: string, role: Role, sites: string[] | null): void {
    this.statements.setRole.run(role, sites === null ? null : JSON.stringify(sites), id);
  }

  /** Disables the user and ends every session of theirs. */
  disable(id: string, at: string): boolean {
    return this.db.transaction(() => {
      this.statements.deleteUserSessions.run(id);
      return this.statements.disable.run(at, id).changes === 1;
    })();
  }

  insertSession(idHash: string, userId: string, csrf: string, createdAt: string, expiresAt: string): void {
    this.statements.insertSession.run(idHash, userId, csrf, createdAt, expiresAt, createdAt);
  }

  session(idHash: string): SessionRecord | undefined {
    return this.statements.session.get(idHash) as SessionRecord | undefined;
  }

  /** Marks the session used now: its idle timeout counts from here. */
  touchSession(idHash: string, at: string): void {
    this.statements.touchSession.run(at, idHash);
  }

  deleteSession(idHash: string): void {
    this.statements.deleteSession.run(idHash);
  }

  /** Deletes sessions past their lifetime, and those idle since before `idleSince` (default: never). */
  deleteExpiredSessions(now: string, idleSince = ""): number {
    return this.statements.deleteExpiredSessions.run(now, idleSince).changes;
  }

  insertToken(
    tokenHash: string,
    id: string,
    userId: string,
    name: string,
    at: string,
    limits: { expiresAt: string | null; scope: TokenScope } = { expiresAt: null, scope: "read-write" },
  ): void {
    this.statements.insertToken.run(tokenHash, id, userId, name, at, limits.expiresAt, limits.scope);
  }

  token(tokenHash: string): TokenRecord | undefined {
    return this.statements.token.get(tokenHash) as TokenRecord | undefined;
  }

  userTokens(userId: string): TokenSummary[] {
    return this.statements.userTokens.all(userId) as TokenSummary[];
  }

  revokeToken(id: string, userId: string, at: string): boolean {
    return this.statements.revokeToken.run(at, id, userId).changes === 1;
  }
}
