import type { WireEvent } from "@fenceline/shared";
import type { HubServices } from "../hub-services.ts";
import { wireEvent } from "./wire-event.ts";

/** A small deterministic pseudo-random source, so seeded data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLOCKED = ["adult", "self-harm", "gambling", "games", "social-networks", "hate", "drugs", "streaming"];
const CIRCUMVENTION = ["vpn", "proxies", "doh"];
const GROUPS = ["students", "staff", "guests"];

/**
 * A week or so of realistic activity for tests: events of every outcome from a pool of clients
 * and names, spread over `days` before `end`, sent through the real ingest (so rollups and
 * incidents are built as in production).
 */
export function seedEvents(
  services: HubServices,
  agent: { id: string; siteId: string },
  options: { count: number; end: number; days: number; seed: number; clients?: number },
  /** Moves the hub's clock: each batch arrives as its last event happens (the hub refuses events dated ahead of it). */
  setClock?: (time: number) => void,
): WireEvent[] {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const events: WireEvent[] = [];
  for (let i = 0; i < options.count; i++) {
    const roll = random();
    const outcome = roll < 0.7 ? "blocked" : roll < 0.8 ? "circumvention" : roll < 0.9 ? "safesearch" : "resolved";
    const category =
      outcome === "blocked" ? pick(BLOCKED) : outcome === "circumvention" ? pick(CIRCUMVENTION) : "search-engines";
    events.push(
      wireEvent({
        time: options.end - Math.floor(random() * options.days * 86_400_000),
        clientAddress: `10.${options.seed % 200}.0.${Math.floor(random() * (options.clients ?? 40))}`,
        group: pick(GROUPS),
        name: `${category}-${Math.floor(random() * 30)}.test`,
        outcome: outcome as WireEvent["outcome"],
        categories: outcome === "resolved" ? [] : [category],
        monitored: outcome === "resolved" ? ["dating"] : [],
      }),
    );
  }
  events.sort((a, b) => a.time - b.time);
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500);
    setClock?.((batch.at(-1) as WireEvent).time);
    services.ingest.ingest(agent, { schemaVersion: 1, events: batch });
  }
  return events;
}

/** A heartbeat as an agent sends it, with the given list build time and query counts. */
export function heartbeat(
  builtAt: string,
  queries: Record<string, number>,
  listsUpdate?: { at: string; ok: boolean; errors: string[] },
) {
  return {
    schemaVersion: 1,
    agentVersion: "test",
    uptimeSeconds: 60,
    queries,
    outbox: { depth: 0, dropped: 0 },
    upstreams: [{ url: "udp://127.0.0.1:53", healthy: true, lastError: null }],
    lists: { version: "v1", builtAt, lists: [] },
    listsUpdate: listsUpdate ? { ...listsUpdate, version: listsUpdate.ok ? "v1" : null } : null,
  };
}
