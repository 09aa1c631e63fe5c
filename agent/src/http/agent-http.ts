import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { AgentMetrics } from "./agent-metrics.ts";
import { blockPage } from "./block-page.ts";
import { processMetrics } from "./process-metrics.ts";

export interface AgentHttpDeps {
  metrics: AgentMetrics;
  /** Brings the gauges (cache size, list age, ...) up to date before a scrape. */
  refreshGauges: () => void;
  currentPolicy: () => CompiledPolicy;
  health: () => { healthy: boolean } & Record<string, unknown>;
}

/**
 * The agent's HTTP side, on the block page's address: /health (JSON, 503 when unhealthy),
 * /metrics (Prometheus: the agent's and the process's), and the block page for every other path, whatever the Host.
 */
export function agentHttpApp(deps: AgentHttpDeps): Hono {
  const app = new Hono();
  app.get("/health", (c) => {
    const health = deps.health();
    return c.json(health, health.healthy ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    deps.refreshGauges();
    c.header("content-type", deps.metrics.registry.contentType);
    return c.body(`${await deps.metrics.registry.metrics()}\n${await processMetrics().metrics()}`);
  });
  app.all("*", (c) => {
    const host = c.req.header("host") ?? "";
    let address = "";
    try {
      address = getConnInfo(c).remote.address ?? "";
    } catch {
      address = "";
    }
    c.header("cache-control", "no-store");
    return c.html(blockPage(deps.currentPolicy(), host, address), 403);
  });
  return app;
}

export function startAgentHttp(
  app: Hono,
  host: string,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      server.off("error", reject);
      resolve({ port: info.port, close: () => new Promise((done) => server.close(() => done())) });
    });
    // An address taken or not ours: a start error, not an uncaught exception.
    server.once("error", reject);
  });
}
