/** The agent's version, reported to the hub in every heartbeat. */
export const AGENT_VERSION = "0.1.0";
