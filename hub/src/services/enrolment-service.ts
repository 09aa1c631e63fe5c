import { randomUUID } from "node:crypto";
import { HubError } from "../hub-error.ts";
import type { HubStores } from "../store/open-stores.ts";
import { hashSecret, newSecret } from "./secrets.ts";
import { StoreService } from "./store-service.ts";

/** Sites, enrolment tokens and agent credentials. */
export class EnrolmentService extends StoreService<HubStores> {
  createSite(id: string, name: string): { id: string; name: string } {
    if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(id))
      throw new HubError("invalid-request", "site id must be kebab-case, 2 to 40 characters");
    if (this.stores.fleet.site(id)) throw new HubError("conflict", `site "${id}" exists already`);
    this.stores.fleet.createSite(id, name, this.now().toISOString());
    return { id, name };
  }

  /** A one-use token an ICT admin gives an agent; only its hash is kept. */
  issueEnrolmentToken(siteId: string, hours = 24): { token: string; expiresAt: string } {
    if (!this.stores.fleet.site(siteId)) throw new HubError("not-found", `no site "${siteId}"`);
    const token = newSecret();
    const expiresAt = new Date(this.now().getTime() + hours * 3_600_000).toISOString();
    this.stores.fleet.createEnrolmentToken(hashSecret(token), siteId, expiresAt);
    return { token, expiresAt };
  }

  /** Exchanges an enrolment token, once, for the agent's own credential. */
  enrol(token: string, name: string): { agentId: string; siteId: string; credential: string } {
    const hash = hashSecret(token);
    const record = this.stores.fleet.enrolmentToken(hash);
    const now = this.now();
    if (!record || record.usedAt || Date.parse(record.expiresAt) < now.getTime()) {
      throw new HubError("unauthorised", "enrolment token is unknown, used or expired");
    }
    const credential = newSecret();
    const agent = { id: randomUUID(), siteId: record.siteId, name, credentialHash: hashSecret(credential) };
    if (!this.stores.fleet.enrolAgent(hash, agent, now.toISOString()))
      throw new HubError("unauthorised", "enrolment token was just used");
    return { agentId: agent.id, siteId: record.siteId, credential };
  }

  /** The agent a bearer credential belongs to, unless revoked. */
  authenticateAgent(credential: string | undefined): { id: string; siteId: string } {
    const agent = credential ? this.stores.fleet.agentByCredential(hashSecret(credential)) : undefined;
    if (!agent || agent.revokedAt)
      throw new HubError("unauthorised", "agent credential is missing, unknown or revoked");
    return { id: agent.id, siteId: agent.siteId };
  }

  /** Revokes an agent's credential: its next request is refused. */
  revokeAgent(siteId: string, agentId: string): void {
    const agent = this.stores.fleet.siteAgents(siteId).find((a) => a.id === agentId);
    if (!agent) throw new HubError("not-found", `no agent "${agentId}" at site "${siteId}"`);
    if (!this.stores.fleet.revokeAgent(agentId, this.now().toISOString()))
      throw new HubError("conflict", "the agent is already revoked");
  }
}
