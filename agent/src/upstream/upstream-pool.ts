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
  /**
   * How soon a down upstream is probed (with a copy of a client's query, whose answer does not
   * wait for it), doubling after each failed probe up to `probeMaxMs`. Defaults 5 s and 60 s.
   */
  probeAfterMs?: number;
  probeMaxMs?: number;
  /** Called after every exchange, probes included, for metrics. */
  observe?: (url: string, ms: number, outcome: "ok" | "timeout" | "error") => void;
  /** The clock, in milliseconds. */
  now?: () => number;
}

const PROBE_AFTER_MS = 5_000;
const PROBE_MAX_MS = 60_000;

/**
 * The configured resolvers in order of preference, with health: an upstream that fails
 * `downAfter` times in a row drops behind the healthy ones. A query goes to each in turn until one
 * gives a usable answer (not SERVFAIL or REFUSED, same question). A down upstream gets a copy of
 * a client's query now and then, in the background; once it answers, it is back in its place.
 */
export class UpstreamPool {
  private readonly upstreams: Upstream[];
  private readonly health: UpstreamHealth[];
  private readonly options: UpstreamPoolOptions;
  private readonly now: () => number;
  /** Every upstream's index, in the configured order: the order to try them while all are healthy. */
  private readonly configured: number[];
  /** When each down upstream is next probed, and the wait after that. */
  private readonly probeAt: number[];
  private readonly probeWait: number[];

  constructor(upstreams: Upstream[], options: UpstreamPoolOptions) {
    this.upstreams = upstreams;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.health = upstreams.map((u) => ({
      url: u.url,
      healthy: true,
      consecutiveFailures: 0,
      lastError: null,
      latencyMs: null,
    }));
    this.configured = upstreams.map((_, i) => i);
    this.probeAt = upstreams.map(() => 0);
    this.probeWait = upstreams.map(() => 0);
  }

  /** The answer of the first upstream that gives a usable one, or null when none does. */
  async resolve(query: QueryPacket, name?: Uint8Array, qtype?: number): Promise<UpstreamAnswer | null> {
    const down = this.health.some((h) => !h.healthy);
    if (down) this.probeDue(query, name, qtype);
    const order = down
      ? [...this.configured].sort((x, y) => Number(!this.health[x]?.healthy) - Number(!this.health[y]?.healthy))
      : this.configured;
    for (const index of order) {
      const answer = await this.ask(index, query, name, qtype);
      if (answer) return answer;
    }
    return null;
  }

  /** One exchange with one upstream, its health updated; null if it gave no usable answer. */
  private async ask(
    index: number,
    query: QueryPacket,
    name: Uint8Array | undefined,
    qtype: number | undefined,
  ): Promise<UpstreamAnswer | null> {
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
      if (health.healthy && health.consecutiveFailures >= this.options.downAfter) {
        health.healthy = false;
        this.probeWait[index] = this.options.probeAfterMs ?? PROBE_AFTER_MS;
        this.probeAt[index] = this.now() + (this.probeWait[index] as number);
      }
      const timeout = (error as { code?: string }).code === "upstream-timeout";
      this.options.observe?.(upstream.url, performance.now() - started, timeout ? "timeout" : "error");
      return null;
    }
  }

  /**
   * Sends a copy of this query to every down upstream whose probe is due, while some upstream is
   * still healthy (otherwise the query itself tries them all). Nobody waits for the probe.
   */
  private probeDue(query: QueryPacket, name: Uint8Array | undefined, qtype: number | undefined): void {
    if (!this.health.some((h) => h.healthy)) return;
    const now = this.now();
    this.health.forEach((health, index) => {
      if (health.healthy || now < (this.probeAt[index] as number)) return;
      const wait = Math.min((this.probeWait[index] as number) * 2, this.options.probeMaxMs ?? PROBE_MAX_MS);
      this.probeWait[index] = wait;
      this.probeAt[index] = now + wait;
      void this.ask(index, query, name, qtype);
    });
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
