import { randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { SignInThrottleStore } from "../store/sign-in-throttle-store.ts";
import type { TokenScope, TokenSummary, UserRecord, UserStore } from "../store/user-store.ts";
import { LoginFailures } from "./login-failures.ts";
import { LoginRateLimiter } from "./login-rate-limiter.ts";
import { ONE_TIME_PASSWORD_HOURS } from "./one-time-password.ts";
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from "./password.ts";
import { passwordProblems } from "./password-policy.ts";
import { RefusalSummaries, type RefusalSummary } from "./refusal-summary.ts";
import { hashSecret, newSecret } from "./secrets.ts";
import {
  type AttemptLimiter,
  type FailureCounter,
  SharedLoginFailures,
  SharedRateLimiter,
} from "./shared-login-limits.ts";

export interface AuthSettings {
  /** Failed sign-ins on one account from one address before each further try must wait (1 s, 2 s, 4 s …). */
  lockoutAttempts: number;
  /** The longest such wait. */
  lockoutMinutes: number;
  /** Login attempts allowed from one address per minute, whatever the account. */
  attemptsPerAddressPerMinute: number;
  /** A session's absolute lifetime, and how long it may sit unused before it ends. */
  sessionHours: number;
  idleMinutes: number;
  /** An API token's lifetime when its creator does not choose one, and the longest they may choose. */
  tokenDays: number;
  tokenMaxDays: number;
  /** Attempts to change one's password allowed per 15 minutes (each must give the current password). */
  passwordChangesPer15Minutes: number;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; nobody else's is believed. */
  trustedProxies: string[];
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  lockoutAttempts: 5,
  lockoutMinutes: 15,
  attemptsPerAddressPerMinute: 20,
  sessionHours: 10,
  idleMinutes: 30,
  tokenDays: 90,
  tokenMaxDays: 365,
  passwordChangesPer15Minutes: 5,
  trustedProxies: [],
};

export interface Session {
  sessionId: string;
  csrf: string;
  expiresAt: string;
  actor: Actor;
  /** Signed in with a one-time password: nothing is allowed but changing it. */
  mustChangePassword: boolean;
}

const TOKEN_PREFIX = "fl_";
/** The one answer to every failed sign-in (unknown, disabled, wrong, delayed), so none reveals an account. */
const WRONG_LOGIN = "email or password is wrong";
/** Sessions are marked used at most this often: a write per request would be wasted. */
const TOUCH_EVERY_MS = 60_000;

/** What the audit log records about a login attempt. */
export interface LoginAudit {
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export type LoginOutcome = ({ session: Session } | { refusal: HubError }) & { audits: LoginAudit[] };

const summaryAudit = ({ address, ...detail }: RefusalSummary): LoginAudit => ({
  action: "auth.rate-limited",
  target: address,
  detail,
});

export function toActor(user: UserRecord): Actor {
  return { userId: user.id, email: user.email, role: user.role, sites: user.sites };
}

/** Logins (rate-limited, slowed per account and address), sessions with their CSRF token, and per-user API tokens. */
export class AuthService {
  private readonly users: UserStore;
  private readonly settings: AuthSettings;
  private readonly now: () => Date;
  private readonly limiter: AttemptLimiter;
  private readonly summaries: RefusalSummaries;
  private readonly failures: FailureCounter;
  private readonly passwordChanges: AttemptLimiter;

  /**
   * With `throttle` (the hub's database) the attempt counts and failure delays are shared by every
   * hub process on it; without, each instance keeps its own in memory. Refusal summaries stay in
   * memory: they only shape the audit log (one row per address, window and process), never a limit.
   */
  constructor(
    users: UserStore,
    settings: AuthSettings,
    now: () => Date = () => new Date(),
    throttle?: SignInThrottleStore,
  ) {
    this.users = users;
    this.settings = settings;
    this.now = now;
    const ms = () => this.now().getTime();
    const maxDelayMs = settings.lockoutMinutes * 60_000;
    this.summaries = new RefusalSummaries(60_000, ms);
    if (throttle) {
      this.limiter = new SharedRateLimiter(throttle, "sign-in", settings.attemptsPerAddressPerMinute, 60_000, ms);
      this.failures = new SharedLoginFailures(throttle, settings.lockoutAttempts, maxDelayMs, ms);
      const changes = settings.passwordChangesPer15Minutes;
      this.passwordChanges = new SharedRateLimiter(throttle, "password-change", changes, 15 * 60_000, ms);
    } else {
      this.limiter = new LoginRateLimiter(settings.attemptsPerAddressPerMinute, 60_000, ms);
      this.failures = new LoginFailures(settings.lockoutAttempts, maxDelayMs, ms);
      this.passwordChanges = new LoginRateLimiter(settings.passwordChangesPer15Minutes, 15 * 60_000, ms);
    }
  }

  /**
   * Checks a login and opens a session. A refusal comes back, not thrown, with what the audit log
   * must say; attempts over the address's rate limit are only counted, into one summary per window.
   */
  async login(email: string, password: string, address: string): Promise<LoginOutcome> {
    if (!this.limiter.allow(address)) {
      const refusal = new HubError("rate-limited", "too many login attempts from this address; wait a minute");
      return { refusal, audits: this.summaries.note(address, email).map(summaryAudit) };
    }
    const audits = this.summaries.due().map(summaryAudit);
    const refuse = (action: string, detail: Record<string, unknown>, message = WRONG_LOGIN): LoginOutcome => ({
      refusal: new HubError("unauthorised", message),
      audits: [...audits, { action, target: email, detail: { address, ...detail } }],
    });
    const user = this.users.byEmail(email);
    const delayedUntil = this.failures.delayedUntil(email, address);
    // Every attempt costs the same scrypt, so timing reveals neither an account nor a delay.
    const matches = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    const now = this.now();
    if (delayedUntil) return refuse("auth.login-delayed", { until: new Date(delayedUntil).toISOString() });
    if (!user || user.disabledAt || !matches) {
      const failed = this.failures.fail(email, address);
      return refuse("auth.login-failed", {
        reason: user && !user.disabledAt ? "wrong password" : "unknown or disabled account",
        failures: failed.failures,
        delayedUntil: failed.delayedUntil ? new Date(failed.delayedUntil).toISOString() : null,
      });
    }
    if (user.oneTimePasswordUntil && Date.parse(user.oneTimePasswordUntil) <= now.getTime())
      return refuse(
        "auth.one-time-password-expired",
        {},
        `this one-time password has expired (it lasts ${ONE_TIME_PASSWORD_HOURS} hours); ask an administrator to reset your password`,
      );
    this.failures.succeed(email, address);
    const sessionId = newSecret();
    const csrf = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now.getTime() + this.settings.sessionHours * 3_600_000).toISOString();
    this.users.insertSession(hashSecret(sessionId), user.id, csrf, now.toISOString(), expiresAt);
    this.users.deleteExpiredSessions(now.toISOString(), this.idleSince(now.getTime()));
    const mustChangePassword = user.oneTimePasswordUntil !== null;
    return { session: { sessionId, csrf, expiresAt, actor: toActor(user), mustChangePassword }, audits };
  }

  logout(sessionId: string): void {
    this.users.deleteSession(hashSecret(sessionId));
  }

  /** The user behind a session cookie, unless it expired or sat idle too long; with its CSRF token. */
  sessionActor(sessionId: string): { actor: Actor; csrf: string; mustChangePassword: boolean } | null {
    const hash = hashSecret(sessionId);
    const session = this.users.session(hash);
    const now = this.now().getTime();
    if (!session) return null;
    const lastSeen = Date.parse(session.lastSeenAt);
    if (Date.parse(session.expiresAt) <= now || lastSeen <= now - this.settings.idleMinutes * 60_000) {
      this.users.deleteSession(hash);
      return null;
    }
    const user = this.users.byId(session.userId);
    if (!user || user.disabledAt) return null;
    if (now - lastSeen >= TOUCH_EVERY_MS) this.users.touchSession(hash, new Date(now).toISOString());
    return { actor: toActor(user), csrf: session.csrf, mustChangePassword: user.oneTimePasswordUntil !== null };
  }

  /** The user behind an API token (`fl_...`) and its scope, unless it expired or it or they were revoked. */
  tokenActor(token: string): { actor: Actor; scope: TokenScope } | null {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = this.users.token(hashSecret(token));
    if (!record || record.revokedAt) return null;
    if (record.expiresAt && Date.parse(record.expiresAt) <= this.now().getTime()) return null;
    const user = this.users.byId(record.userId);
    if (!user || user.disabledAt || user.oneTimePasswordUntil) return null;
    return { actor: toActor(user), scope: record.scope };
  }

  createToken(
    actor: Actor,
    request: { name: string; scope: TokenScope; days?: number | undefined },
  ): { id: string; token: string; expiresAt: string; scope: TokenScope } {
    const days = request.days ?? this.settings.tokenDays;
    if (days > this.settings.tokenMaxDays)
      throw new HubError("invalid-request", `an API token may last at most ${this.settings.tokenMaxDays} days`);
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    const id = randomUUID();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
    this.users.insertToken(hashSecret(token), id, actor.userId, request.name, now.toISOString(), {
      expiresAt,
      scope: request.scope,
    });
    return { id, token, expiresAt, scope: request.scope };
  }

  tokens(actor: Actor): TokenSummary[] {
    return this.users.userTokens(actor.userId);
  }

  revokeToken(actor: Actor, id: string): void {
    if (!this.users.revokeToken(id, actor.userId, this.now().toISOString()))
      throw new HubError("not-found", "no such active token of yours");
  }

  /**
   * Changes one's own password (a few attempts per 15 minutes, so the current one cannot be guessed
   * here); every other session of the user ends and every API token of theirs is revoked.
   */
  async changePassword(
    actor: Actor,
    change: { current: string; next: string; keepSessionId: string | null },
  ): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
    const user = this.users.byId(actor.userId);
    if (!user) throw new HubError("unauthorised", "the current password is wrong");
    // A weak new password is refused before the attempt counts: checking it reveals nothing of the
    // current one, so only tries that put the current password to the test use up the limit.
    const problems = passwordProblems(change.next, { email: user.email, current: change.current });
    if (problems.length > 0) throw new HubError("invalid-request", "the new password is too weak", problems);
    if (!this.passwordChanges.allow(actor.userId))
      throw new HubError("rate-limited", "too many attempts to change the password; wait 15 minutes");
    if (!(await verifyPassword(change.current, user.passwordHash)))
      throw new HubError("unauthorised", "the current password is wrong");
    return this.users.setPassword(user.id, await hashPassword(change.next), {
      at: this.now().toISOString(),
      keepSessionHash: change.keepSessionId ? hashSecret(change.keepSessionId) : null,
    });
  }

  private idleSince(now: number): string {
    return new Date(now - this.settings.idleMinutes * 60_000).toISOString();
  }
}
