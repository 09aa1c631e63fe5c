import { readFileSync } from "node:fs";
import type { Heartbeat } from "@fenceline/shared/events";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import type { EventOutbox } from "../outbox/event-outbox.ts";
import { DEFAULT_SHIPPER_OPTIONS, EventShipper } from "../shipper/event-shipper.ts";
import { startHeartbeats } from "../shipper/heartbeat-sender.ts";
import type { Part } from "./part-stack.ts";

/** The hub's address and this agent's credential for it. */
export interface HubAccess {
  url: string;
  credential: string;
}

export interface HubLink extends Part {
  /** Null when the configuration has no hub. */
  access: HubAccess | null;
  /** Sends the outbox to the hub; null without a hub or an outbox. */
  shipper: EventShipper | null;
}

/**
 * The agent's link to its hub: the credential, read once, the shipper that empties the outbox
 * into the hub, and the heartbeats that tell the hub how the agent is.
 */
export function startHubLink(
  config: AgentConfig,
  outbox: EventOutbox | null,
  heartbeat: () => Omit<Heartbeat, "schemaVersion">,
  log: Logger,
): HubLink {
  if (!config.hub) return { access: null, shipper: null, stop() {} };
  const access = { url: config.hub.url, credential: readCredential(config.hub.credentialFile) };
  const shipper = outbox
    ? new EventShipper(
        outbox,
        { ...DEFAULT_SHIPPER_OPTIONS, hubUrl: access.url, credential: access.credential },
        log.child({ module: "shipper" }),
      )
    : null;
  shipper?.start();
  const stopHeartbeats = startHeartbeats(
    access,
    config.hub.heartbeatSeconds * 1000,
    heartbeat,
    log.child({ module: "heartbeat" }),
  );
  return {
    access,
    shipper,
    async stop() {
      stopHeartbeats();
      await shipper?.stop();
    },
  };
}

function readCredential(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new Error(
      `cannot read the hub credential ${file}: ${(error as Error).message} (enrol with "fenceline-agent enrol")`,
    );
  }
}
