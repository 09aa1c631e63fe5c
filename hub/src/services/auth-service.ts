import { randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { UserRecord, UserStore } from "../store/user-store.ts";
import { LoginRateLimiter } from "./login-rate-limiter.ts";
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from "./password.ts";
import { passwordProblems } from "./password-policy.ts";
import { hashSecret, newSecret } from "./secrets.ts";

export interface AuthSettings {
  /** Consecutive failed logins that lock an account, and for how long. */
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** Login attempts allowed from one address per minute, whatever the account. */
  attemptsPerAddressPerMinute: number;
  sessionHours: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  lockoutAttempts: 5,
  lockoutMinutes: 15,
  attemptsPerAddressPerMinute: 20,
  sessionHours: 10,
};

export interface Session {
  sessionId: string;
  csrf: string;
  expiresAt: string;
  actor: Actor;
}

const TOKEN_PREFIX = "fl_";
const WRONG_LOGIN = "email or password is wrong";

/** What the audit log records about a refused login. */
export interface LoginAudit {
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export type LoginOutcome = { session: Session } | { refusal: HubError; audit: LoginAudit };

function refused(code: "rate-limited" | "unauthorised" | "account-locked", message: string, audit: LoginAudit) {
  return { refusal: new HubError(code, message), audit };
}

export function toActor(user: UserRecord): Actor {
  return { userId: user.id, email: user.email, role: user.role, sites: user.sites };
}

/** Logins (rate-limited, with lockout), sessions with their CSRF token, and per-user API tokens. */
export class AuthService {
  private readonly users: UserStore;
  private readonly settings: AuthSettings;
  private readonly now: () => Date;
  private readonly limiter: LoginRateLimiter;

  constructor(users: UserStore, settings: AuthSettings, now: () => Date = () => new Date()) {
    this.users = users;
    this.settings = settings;
    this.now = now;
    this.limiter = new LoginRateLimiter(settings.attemptsPerAddressPerMinute, 60_000, () => this.now().getTime());
  }

  /**
   * Checks a login (rate limit per address, lockout per account) and opens a session; a refusal
   * comes back, not thrown, with what the audit log must say about it.
   */
  async login(email: string, password: string, address: string): Promise<LoginOutcome> {
    if (!this.limiter.allow(address))
      return refused("rate-limited", "too many login attempts from this address; wait a minute", {
        action: "auth.rate-limited",
        target: address,
        detail: { email },
      });
    const user = this.users.byEmail(email);
    // An unknown email costs the same scrypt as a known one, so timing does not reveal accounts.
    const matches = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    const now = this.now();
    if (!user || user.disabledAt)
      return refused("unauthorised", WRONG_LOGIN, {
        action: "auth.login-failed",
        target: email,
        detail: { address, reason: "unknown or disabled account" },
      });
    if (user.lockedUntil && Date.parse(user.lockedUntil) > now.getTime())
      return refused("account-locked", `the account is locked until ${user.lockedUntil} after failed logins`, {
        action: "auth.login-refused-locked",
        target: user.email,
        detail: { address },
      });
    if (!matches) {
      const failed = user.failedLogins + 1;
      const lock = failed >= this.settings.lockoutAttempts;
      const lockedUntil = lock ? new Date(now.getTime() + this.settings.lockoutMinutes * 60_000).toISOString() : null;
      this.users.setLoginState(user.id, lock ? 0 : failed, lockedUntil);
      return refused("unauthorised", WRONG_LOGIN, {
        action: lock ? "auth.account-locked" : "auth.login-failed",
        target: user.email,
        detail: { address, failed, lockedUntil },
      });
    }
    this.users.setLoginState(user.id, 0, null);
    const sessionId = newSecret();
    const csrf = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now.getTime() + this.settings.sessionHours * 3_600_000).toISOString();
    this.users.insertSession(hashSecret(sessionId), user.id, csrf, now.toISOString(), expiresAt);
    this.users.deleteExpiredSessions(now.toISOString());
    return { session: { sessionId, csrf, expiresAt, actor: toActor(user) } };
  }

  logout(sessionId: string): void {
    this.users.deleteSession(hashSecret(sessionId));
  }

  /** The user behind a session cookie, with the CSRF token their forms must carry. */
  sessionActor(sessionId: string): { actor: Actor; csrf: string } | null {
    const session = this.users.session(hashSecret(sessionId));
    if (!session || Date.parse(session.expiresAt) <= this.now().getTime()) return null;
    const user = this.users.byId(session.userId);
    return user && !user.disabledAt ? { actor: toActor(user), csrf: session.csrf } : null;
  }

  /** The user behind an API token (`fl_...`), unless it or they were revoked. */
  tokenActor(token: string): Actor | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = this.users.token(hashSecret(token));
    if (!record || record.revokedAt) return null;
    const user = this.users.byId(record.userId);
    return user && !user.disabledAt ? toActor(user) : null;
  }

  createToken(actor: Actor, name: string): { id: string; token: string } {
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const id = randomUUID();
    this.users.insertToken(hashSecret(token), id, actor.userId, name, this.now().toISOString());
    return { id, token };
  }

  tokens(actor: Actor): ReturnType<UserStore["userTokens"]> {
    return this.users.userTokens(actor.userId);
  }

  revokeToken(actor: Actor, id: string): void {
    if (!this.users.revokeToken(id, actor.userId, this.now().toISOString()))
      throw new HubError("not-found", "no such active token of yours");
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const user = this.users.byId(actor.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash)))
      throw new HubError("unauthorised", "the current password is wrong");
    const problems = passwordProblems(next, { email: user.email, current });
    if (problems.length > 0) throw new HubError("invalid-request", "the new password is too weak", problems);
    this.users.setPassword(user.id, await hashPassword(next));
  }
}
