import { EVENT_SCHEMA_VERSION, type Heartbeat } from "@fenceline/shared/events";
import type { Logger } from "pino";
import { request } from "undici";

/**
 * Tells the hub, every `intervalMs`, that this agent is alive and how it is: queries by outcome
 * since the last beat, outbox depth and drops, upstream health, and the lists in force (so the
 * hub can show whether the filter is updating itself). A failed beat is only logged.
 */
export function startHeartbeats(
  hub: { url: string; credential: string },
  intervalMs: number,
  collect: () => Omit<Heartbeat, "schemaVersion">,
  log: Logger,
): () => void {
  const beat = async () => {
    try {
      const response = await request(new URL("/api/agents/heartbeat", hub.url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${hub.credential}` },
        body: JSON.stringify({ schemaVersion: EVENT_SCHEMA_VERSION, ...collect() }),
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await response.body.dump();
      if (response.statusCode !== 204) log.warn({ status: response.statusCode }, "hub refused a heartbeat");
    } catch (error) {
      log.warn({ err: error }, "cannot send a heartbeat to the hub");
    }
  };
  void beat();
  const timer = setInterval(beat, intervalMs).unref();
  return () => clearInterval(timer);
}
