import { randomInt } from "node:crypto";
import { RCODE } from "../dns/dns-constants.ts";
import type { QueryPacket } from "../dns/query-packet.ts";
import { skipName, u16 } from "../dns/query-packet.ts";
import { type ResponseLayout, readResponseLayout } from "../dns/response-records.ts";
import type { Upstream } from "./upstream.ts";
import { upstreamQuery } from "./upstream-query.ts";

export interface UpstreamHealth {
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  /** Smoothed round-trip time of successful exchanges. */
  latencyMs: number | null;
}

export interface UpstreamAnswer {
  response: Uint8Array;
  layout: ResponseLayout;
  upstream: string;
}

export interface UpstreamPoolOptions {
  timeoutMs: number;
  /** Consecutive failures after which an upstream is tried only when the others have failed. */
  downAfter: number;
  /** Called after every exchange, for metrics. */
  observe?: (url: string, ms: number, outcome: "ok" | "timeout" | "error") => void;
}

/**
 * The configured resolvers in order of preference, with health: an upstream that fails
 * `downAfter` times in a row drops behind the healthy ones until it answers again. A query goes
 * to each in turn until one gives a usable answer (not SERVFAIL or REFUSED, same question).
 */
export class UpstreamPool {
  private readonly upstreams: Upstream[];
  private readonly health: UpstreamHealth[];
  private readonly options: UpstreamPoolOptions;

  constructor(upstreams: Upstream[], options: UpstreamPoolOptions) {
    this.upstreams = upstreams;
    this.options = options;
    this.health = upstreams.map((u) => ({
      url: u.url,
      healthy: true,
      consecutiveFailures: 0,
      lastError: null,
      latencyMs: null,
    }));
  }

  /** The answer of the first upstream that gives a usable one, or null when none does. */
  async resolve(query: QueryPacket, name?: Uint8Array, qtype?: number): Promise<UpstreamAnswer | null> {
    const order = this.upstreams
      .map((_, i) => i)
      .sort((x, y) => Number(!this.health[x]?.healthy) - Number(!this.health[y]?.healthy));
    for (const index of order) {
      const upstream = this.upstreams[index] as Upstream;
      const health = this.health[index] as UpstreamHealth;
      const id = randomInt(0, 65536);
      const packet = upstreamQuery(query, id, name, qtype);
      const started = performance.now();
      try {
        const response = await upstream.exchange(packet, this.options.timeoutMs);
        const layout = readResponseLayout(response);
        const problem = checkResponse(response, layout, packet, id);
        if (problem || !layout) throw new Error(problem ?? "malformed response");
        const ms = performance.now() - started;
        health.healthy = true;
        health.consecutiveFailures = 0;
        health.latencyMs = health.latencyMs === null ? ms : health.latencyMs * 0.8 + ms * 0.2;
        this.options.observe?.(upstream.url, ms, "ok");
        return { response, layout, upstream: upstream.url };
      } catch (error) {
        health.consecutiveFailures++;
        health.lastError = (error as Error).message;
        if (health.consecutiveFailures >= this.options.downAfter) health.healthy = false;
        const timeout = (error as { code?: string }).code === "upstream-timeout";
        this.options.observe?.(upstream.url, performance.now() - started, timeout ? "timeout" : "error");
      }
    }
    return null;
  }

  status(): UpstreamHealth[] {
    return this.health.map((h) => ({ ...h }));
  }

  close(): void {
    for (const upstream of this.upstreams) upstream.close();
  }
}

/** Why a response cannot be used for `sent`, or null: wrong ID or question, or SERVFAIL/REFUSED. */
function checkResponse(
  response: Uint8Array,
  layout: ResponseLayout | null,
  sent: Uint8Array,
  id: number,
): string | null {
  if (!layout) return "malformed response";
  if (u16(response, 0) !== id || ((response[2] as number) & 0x80) === 0) return "response does not answer our query";
  const sentEnd = skipName(sent, 12) + 4;
  if (layout.questionEnd - 12 !== sentEnd - 12 || !sameQuestion(response, sent, sentEnd))
    return "response is for another question";
  if (layout.rcode === RCODE.SERVFAIL || layout.rcode === RCODE.REFUSED)
    return `upstream answered rcode ${layout.rcode}`;
  return null;
}

function sameQuestion(response: Uint8Array, sent: Uint8Array, end: number): boolean {
  for (let i = 12; i < end; i++) {
    let a = response[i] as number;
    let b = sent[i] as number;
    if (a >= 65 && a <= 90) a |= 32;
    if (b >= 65 && b <= 90) b |= 32;
    if (a !== b) return false;
  }
  return true;
}
