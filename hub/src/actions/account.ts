import { z } from "zod";
import type { Actor } from "../domain/roles.ts";
import type { HubServices } from "../hub-services.ts";
import { validate } from "./access.ts";

export type { Session } from "../services/auth-service.ts";

export const loginInput = z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(256) });
export const passwordChangeInput = z.strictObject({
  current: z.string().min(1).max(256),
  next: z.string().min(1).max(256),
});
export const tokenNameInput = z.strictObject({ name: z.string().trim().min(1).max(100) });

/** Signing in and out, who a session or token belongs to, and what users manage for themselves. */
export function accountActions(services: HubServices) {
  const { auth, audit } = services;
  return {
    /** A session for the right email and password; every refusal and every sign-in is logged. */
    async login(input: z.input<typeof loginInput> & { address: string }) {
      const { email, password } = validate(loginInput, { email: input.email, password: input.password });
      const outcome = await auth.login(email, password, input.address);
      if ("refusal" in outcome) {
        audit.record("system", outcome.audit.action, outcome.audit.target, outcome.audit.detail);
        throw outcome.refusal;
      }
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

    /** The user behind an API token, unless it or they were revoked. */
    tokenActor(token: string) {
      return auth.tokenActor(token);
    },

    async changePassword(actor: Actor, input: z.input<typeof passwordChangeInput>): Promise<void> {
      const { current, next } = validate(passwordChangeInput, input);
      await auth.changePassword(actor, current, next);
      audit.record(actor, "auth.password-changed", actor.email);
    },

    tokens(actor: Actor) {
      return auth.tokens(actor);
    },

    /** An API token acting as the actor; the secret is returned once. */
    createToken(actor: Actor, input: z.input<typeof tokenNameInput>) {
      const { name } = validate(tokenNameInput, input);
      const created = auth.createToken(actor, name);
      audit.record(actor, "auth.token-created", created.id, { name });
      return created;
    },

    revokeToken(actor: Actor, input: { tokenId: string }): void {
      auth.revokeToken(actor, input.tokenId);
      audit.record(actor, "auth.token-revoked", input.tokenId);
    },
  };
}
