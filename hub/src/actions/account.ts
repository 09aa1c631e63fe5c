import { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import { HubError } from "../hub-error.ts";
import type { HubServices } from "../hub-services.ts";
import { validate } from "./access.ts";

export type { Session } from "../services/auth-service.ts";

export const loginInput = z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(256) });
export const passwordChangeInput = z.strictObject({
  current: z.string().min(1).max(256),
  next: z.string().min(1).max(256),
});
export const tokenNameInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** read-only tokens may only read (GET); the default, so a leaked script token cannot change anything. */
  scope: z.enum(["read-only", "read-write"]).default("read-only"),
  /** Days until the token stops working; the hub's default (90) when absent, at most its maximum. */
  days: z.number().int().min(1).max(3650).optional(),
});

/** Signing in and out, who a session or token belongs to, and what users manage for themselves. */
export function accountActions(services: HubServices) {
  const { auth, audit } = services;
  return {
    /** A session for the right email and password; every refusal and every sign-in is logged. */
    async login(input: z.input<typeof loginInput> & { address: string }) {
      const { email, password } = validate(loginInput, { email: input.email, password: input.password });
      const outcome = await auth.login(email, password, input.address);
      for (const entry of outcome.audits) audit.record("system", entry.action, entry.target, entry.detail);
      if ("refusal" in outcome) throw outcome.refusal;
      const { session } = outcome;
      audit.record(session.actor, "auth.login", session.actor.email, { address: input.address });
      return session;
    },

    logout(sessionId: string): void {
      auth.logout(sessionId);
    },

    /** The user behind a session cookie, with the CSRF token their forms must carry. */
    sessionActor(sessionId: string) {
      return auth.sessionActor(sessionId);
    },

    /** The user behind an API token and its scope, unless it expired or it or they were revoked. */
    tokenActor(token: string) {
      return auth.tokenActor(token);
    },

    /**
     * Changes one's own password, ending every other session and API token of the user (the
     * session making the change, `keepSessionId`, stays).
     */
    async changePassword(
      actor: Actor,
      input: z.input<typeof passwordChangeInput>,
      keepSessionId: string | null = null,
    ): Promise<void> {
      const { current, next } = validate(passwordChangeInput, input);
      try {
        const ended = await auth.changePassword(actor, { current, next, keepSessionId });
        audit.record(actor, "auth.password-changed", actor.email, ended);
      } catch (error) {
        if (error instanceof HubError && error.code === "unauthorised")
          audit.record(actor, "auth.password-change-refused", actor.email, { reason: error.message });
        throw error;
      }
    },

    tokens(actor: Actor) {
      return auth.tokens(actor);
    },

    /** An API token acting as the actor; the secret is returned once. */
    createToken(actor: Actor, input: z.input<typeof tokenNameInput>) {
      const { name, scope, days } = validate(tokenNameInput, input);
      const created = auth.createToken(actor, { name, scope, days });
      audit.record(actor, "auth.token-created", created.id, { name, scope, expiresAt: created.expiresAt });
      return created;
    },

    revokeToken(actor: Actor, input: { tokenId: string }): void {
      auth.revokeToken(actor, input.tokenId);
      audit.record(actor, "auth.token-revoked", input.tokenId);
    },
  };
}
