import { randomInt } from "node:crypto";
import type { QueryPacket } from "../dns/query-packet.ts";
import { type ResponseLayout, readResponseLayout } from "../dns/response-records.ts";
import type { Upstream } from "./upstream.ts";
import { probeQuery, probeReplyProblem } from "./upstream-probe.ts";
import { upstreamQuery } from "./upstream-query.ts";
import { failureKind, notFinal, replyProblem, type UpstreamAttempt } from "./upstream-reply.ts";

export type { ExchangeResult, UpstreamAttempt } from "./upstream-reply.ts";

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

/**
 * No final answer: every upstream tried, in order, and why each gave none. `servfail` is the
 * first SERVFAIL an upstream answered, if any, the answer to relay when none did better.
 */
export interface UpstreamFailure {
  attempts: UpstreamAttempt[];
  servfail: UpstreamAnswer | null;
}

export interface UpstreamPoolOptions {
  timeoutMs: number;
  /** Consecutive failures after which an upstream is tried only when the others have failed. */
  downAfter: number;
  /**
   * How soon a down upstream is probed (`. NS`, in the background, also with no client traffic),
   * doubling after each failed probe up to `probeMaxMs`. Defaults 5 s and 60 s.
   */
  probeAfterMs?: number;
  probeMaxMs?: number;
  /** Called after every exchange, probes included, for metrics. */
  observe?: (url: string, ms: number, outcome: "ok" | "timeout" | "error") => void;
  /** Kept for compatibility: probes run on timers now. */
  now?: () => number;
}

const PROBE_AFTER_MS = 5_000;
const PROBE_MAX_MS = 60_000;

/**
 * The configured resolvers in order of preference, with health: an upstream whose exchanges fail
 * (timeout, refused connection, malformed reply) `downAfter` times in a row drops behind the
 * healthy ones. An answer of any rcode keeps it in its place: SERVFAIL or REFUSED for a name is
 * the name's problem, so the query goes on to the next upstream (the first SERVFAIL kept in case
 * none does better), while NOERROR and NXDOMAIN are final. A down upstream is probed on a timer,
 * one probe at a time, backing off; once it answers, it is back in its place.
 */
export class UpstreamPool {
  private readonly upstreams: Upstream[];
  private readonly health: UpstreamHealth[];
  private readonly options: UpstreamPoolOptions;
  /** Every upstream's index, in the configured order: the order to try them while all are healthy. */
  private readonly configured: number[];
  /** Each down upstream's probe timer, the wait before the next one, and whether one is out. */
  private readonly probeTimer: (NodeJS.Timeout | null)[];
  private readonly probeWait: number[];
  private readonly probing: boolean[];
  private down = 0;
  private stopped = false;

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
    this.configured = upstreams.map((_, i) => i);
    this.probeTimer = upstreams.map(() => null);
    this.probeWait = upstreams.map(() => 0);
    this.probing = upstreams.map(() => false);
  }

  /** The final answer of the first upstream that gives one, or null when none does. */
  async resolve(query: QueryPacket, name?: Uint8Array, qtype?: number): Promise<UpstreamAnswer | null> {
    const result = await this.resolveOrFailure(query, name, qtype);
    return "attempts" in result ? null : result;
  }

  /** The final answer of the first upstream that gives one, or what each upstream came to. */
  async resolveOrFailure(
    query: QueryPacket,
    name?: Uint8Array,
    qtype?: number,
  ): Promise<UpstreamAnswer | UpstreamFailure> {
    const order =
      this.down > 0
        ? [...this.configured].sort((x, y) => Number(!this.health[x]?.healthy) - Number(!this.health[y]?.healthy))
        : this.configured;
    let failure: UpstreamFailure | null = null;
    for (const index of order) {
      const result = await this.ask(index, query, name, qtype);
      if ("layout" in result) return result;
      failure ??= { attempts: [], servfail: null };
      const { answer, ...attempt } = result;
      failure.attempts.push(attempt);
      if (answer && result.result === "servfail") failure.servfail ??= answer;
    }
    return failure ?? { attempts: [], servfail: null };
  }

  /** One exchange with one upstream, its health updated: a final answer, or why there is none. */
  private async ask(
    index: number,
    query: QueryPacket,
    name: Uint8Array | undefined,
    qtype: number | undefined,
  ): Promise<UpstreamAnswer | (UpstreamAttempt & { answer?: UpstreamAnswer })> {
    const upstream = this.upstreams[index] as Upstream;
    const id = randomInt(0, 65536);
    const packet = upstreamQuery(query, id, name, qtype);
    const started = performance.now();
    let response: Uint8Array;
    try {
      response = await upstream.exchange(packet, this.options.timeoutMs);
    } catch (error) {
      const result = failureKind(error);
      this.failed(index, result, (error as Error).message, performance.now() - started);
      return { upstream: upstream.url, result, error: (error as Error).message };
    }
    const layout = readResponseLayout(response);
    const problem = replyProblem(response, layout, packet, id);
    if (problem || !layout) {
      this.failed(index, "malformed", problem ?? "malformed response", performance.now() - started);
      return { upstream: upstream.url, result: "malformed", error: problem };
    }
    this.answered(index, performance.now() - started);
    const answer = { response, layout, upstream: upstream.url };
    const partial = notFinal(layout.rcode);
    return partial ? { upstream: upstream.url, result: partial, error: null, answer } : answer;
  }

  /** Any well-formed reply: the upstream is alive and back in its place. */
  private answered(index: number, ms: number): void {
    const health = this.health[index] as UpstreamHealth;
    if (!health.healthy) this.recovered(index);
    health.consecutiveFailures = 0;
    health.latencyMs = health.latencyMs === null ? ms : health.latencyMs * 0.8 + ms * 0.2;
    this.options.observe?.(health.url, ms, "ok");
  }

  private recovered(index: number): void {
    (this.health[index] as UpstreamHealth).healthy = true;
    this.down--;
    const timer = this.probeTimer[index];
    if (timer) clearTimeout(timer);
    this.probeTimer[index] = null;
  }

  private failed(index: number, kind: "timeout" | "unreachable" | "malformed", error: string, ms: number): void {
    const health = this.health[index] as UpstreamHealth;
    health.consecutiveFailures++;
    health.lastError = error;
    if (health.healthy && health.consecutiveFailures >= this.options.downAfter) {
      health.healthy = false;
      this.down++;
      this.probeWait[index] = this.options.probeAfterMs ?? PROBE_AFTER_MS;
      this.scheduleProbe(index);
    }
    this.options.observe?.(health.url, ms, kind === "timeout" ? "timeout" : "error");
  }

  private scheduleProbe(index: number): void {
    if (this.stopped || this.probeTimer[index]) return;
    const timer = setTimeout(() => {
      this.probeTimer[index] = null;
      void this.probe(index);
    }, this.probeWait[index]);
    timer.unref();
    this.probeTimer[index] = timer;
  }

  /** One probe of a down upstream; if it fails, the next waits twice as long (up to the maximum). */
  private async probe(index: number): Promise<void> {
    const health = this.health[index] as UpstreamHealth;
    if (this.stopped || health.healthy || this.probing[index]) return;
    this.probing[index] = true;
    const id = randomInt(0, 65536);
    const packet = probeQuery(id);
    const started = performance.now();
    let problem: string | null;
    let kind: "timeout" | "unreachable" | "malformed" = "malformed";
    try {
      const response = await (this.upstreams[index] as Upstream).exchange(packet, this.options.timeoutMs);
      problem = probeReplyProblem(response, packet, id);
    } catch (error) {
      problem = (error as Error).message;
      kind = failureKind(error);
    }
    this.probing[index] = false;
    if (this.stopped) return;
    if (!problem) return this.answered(index, performance.now() - started);
    this.failed(index, kind, problem, performance.now() - started);
    if (health.healthy) return;
    this.probeWait[index] = Math.min((this.probeWait[index] as number) * 2, this.options.probeMaxMs ?? PROBE_MAX_MS);
    this.scheduleProbe(index);
  }

  status(): UpstreamHealth[] {
    return this.health.map((h) => ({ ...h }));
  }

  /** Stops the probes; the upstreams stay open. */
  stop(): void {
    this.stopped = true;
    for (const [index, timer] of this.probeTimer.entries()) {
      if (timer) clearTimeout(timer);
      this.probeTimer[index] = null;
    }
  }

  /** Stops the probes and closes every upstream. */
  close(): void {
    this.stop();
    for (const upstream of this.upstreams) upstream.close();
  }
}
