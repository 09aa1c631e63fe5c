import { z } from "zod";
import type { HubServices } from "../hub-services.ts";
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
  const { enrolment, ingest, fleet, policies } = services;
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

    /** The agent's site policy with its version, or null while the hub holds none. */
    policy(agent: AgentIdentity) {
      return policies.current(agent.siteId);
    },
  };
}
