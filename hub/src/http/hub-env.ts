import type { Actor, Permission } from "../domain/roles.ts";

/** Who may call a route or open a page: anyone, an enrolled agent, any signed-in user, or a user holding a permission. */
export type Access = Permission | "public" | "agent" | "signed-in";

export interface HubEnv {
  Variables: {
    requestId: string;
    actor: Actor | null;
    /** How the user authenticated: a session cookie (forms need the CSRF token) or an API token. */
    via: "session" | "token" | null;
    csrf: string | null;
    /** The session cookie's value (a password change keeps this session and ends the others). */
    sessionId: string | null;
    /** The client's address: the peer, or what a trusted proxy says it is (see client-address.ts). */
    clientAddress: string;
    agent: { id: string; siteId: string } | null;
  };
}

export const SESSION_COOKIE = "fenceline_session";
