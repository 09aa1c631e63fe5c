import { z } from "zod";
import type { HubServices } from "../hub-services.ts";
import { identityDigest } from "../services/identity-table.ts";
import { validate } from "./access.ts";

export const enrolInput = z.strictObject({ token: z.string().min(1), name: z.string().min(1).max(200) });

/** An enrolled agent, as its credential proves it. */
export interface AgentIdentity {
  id: string;
  siteId: string;
}

/**
 * What agents do: enrol once with a one-use token, then send events and heartbeats and fetch their
 * site's policy with their own credential. An agent acts only for its own site.
 */
export function agentActions(services: HubServices) {
  const { enrolment, ingest, fleet, policies, identityTable } = services;
  return {
    enrol(input: z.input<typeof enrolInput>) {
      const { token, name } = validate(enrolInput, input);
      return enrolment.enrol(token, name);
    },

    authenticate(credential: string | undefined): AgentIdentity {
      return enrolment.authenticateAgent(credential);
    },

    sendEvents(agent: AgentIdentity, batch: unknown) {
      return ingest.ingest(agent, batch);
    },

    heartbeat(agent: AgentIdentity, beat: unknown): void {
      fleet.heartbeat(agent, beat);
    },

    /**
     * The agent's site policy with its version and the site's identity table (its own site's
     * people, devices and roaming tokens only), or null while the hub holds no policy. The tag
     * changes with either, so an edit to a person, device, token or sanction reaches the agent at
     * its next poll.
     */
    policy(agent: AgentIdentity): { version: number; policy: unknown; tag: string } | null {
      const current = policies.current(agent.siteId);
      if (!current) return null;
      const identity = identityTable.forSite(agent.siteId);
      return {
        version: current.version,
        policy: { ...(current.policy as object), identity },
        tag: `"policy-${current.version}-${identityDigest(identity)}"`,
      };
    },
  };
}
