import type Database from "better-sqlite3";
import type { Role } from "../domain/roles.ts";
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
}

interface UserRow extends Omit<UserRecord, "sites"> {
  sites: string | null;
}

const USER_COLUMNS =
  "id, email, name, role, sites, password_hash AS passwordHash, failed_logins AS failedLogins, locked_until AS lockedUntil, created_at AS createdAt, disabled_at AS disabledAt";

function toUser(row: UserRow | undefined): UserRecord | undefined {
  return row ? { ...row, sites: row.sites === null ? null : (JSON.parse(row.sites) as string[]) } : undefined;
}

const prepareStatements = (db: Database.Database) => ({
  insert: db.prepare(
    "INSERT INTO users (id, email, name, role, sites, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ),
  byId: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
  byEmail: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`),
  all: db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`),
  count: db.prepare("SELECT COUNT(*) FROM users").pluck(),
  setLogin: db.prepare("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?"),
  setPassword: db.prepare("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?"),
  setRole: db.prepare("UPDATE users SET role = ?, sites = ? WHERE id = ?"),
  disable: db.prepare("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL"),
  insertSession: db.prepare(
    "INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  ),
  session: db.prepare("SELECT user_id AS userId, csrf, expires_at AS expiresAt FROM sessions WHERE id_hash = ?"),
  deleteSession: db.prepare("DELETE FROM sessions WHERE id_hash = ?"),
  deleteUserSessions: db.prepare("DELETE FROM sessions WHERE user_id = ?"),
  deleteExpiredSessions: db.prepare("DELETE FROM sessions WHERE expires_at < ?"),
  insertToken: db.prepare("INSERT INTO api_tokens (token_hash, id, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)"),
  token: db.prepare("SELECT id, user_id AS userId, revoked_at AS revokedAt FROM api_tokens WHERE token_hash = ?"),
  userTokens: db.prepare(
    "SELECT id, name, created_at AS createdAt, revoked_at AS revokedAt FROM api_tokens WHERE user_id = ? ORDER BY created_at",
  ),
  revokeToken: db.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL"),
});

/** Users, their sessions and their API tokens. */
export class UserStore extends SqlStore<ReturnType<typeof prepareStatements>> {
  constructor(db: Database.Database) {
    super(db, prepareStatements);
  }

  insert(user: Omit<UserRecord, "failedLogins" | "lockedUntil" | "disabledAt">): void {
    this.statements.insert.run(
      user.id,
      user.email,
      user.name,
      user.role,
      user.sites === null ? null : JSON.stringify(user.sites),
      user.passwordHash,
      user.createdAt,
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

  setPassword(id: string, passwordHash: string): void {
    this.statements.setPassword.run(passwordHash, id);
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
    this.statements.insertSession.run(idHash, userId, csrf, createdAt, expiresAt);
  }

  session(idHash: string): { userId: string; csrf: string; expiresAt: string } | undefined {
    return this.statements.session.get(idHash) as { userId: string; csrf: string; expiresAt: string } | undefined;
  }

  deleteSession(idHash: string): void {
    this.statements.deleteSession.run(idHash);
  }

  deleteExpiredSessions(now: string): number {
    return this.statements.deleteExpiredSessions.run(now).changes;
  }

  insertToken(tokenHash: string, id: string, userId: string, name: string, at: string): void {
    this.statements.insertToken.run(tokenHash, id, userId, name, at);
  }

  token(tokenHash: string): { id: string; userId: string; revokedAt: string | null } | undefined {
    return this.statements.token.get(tokenHash) as { id: string; userId: string; revokedAt: string | null } | undefined;
  }

  userTokens(userId: string): { id: string; name: string; createdAt: string; revokedAt: string | null }[] {
    return this.statements.userTokens.all(userId) as {
      id: string;
      name: string;
      createdAt: string;
      revokedAt: string | null;
    }[];
  }

  revokeToken(id: string, userId: string, at: string): boolean {
    return this.statements.revokeToken.run(at, id, userId).changes === 1;
  }
}
