import type { AgentConfig } from "../config/agent-config.ts";
import { type AgentHttpDeps, agentHttpApp, startAgentHttp } from "../http/agent-http.ts";
import { parseListenAddress } from "../server/listen-address.ts";
import type { Part } from "./part-stack.ts";

/** The HTTP side (health, metrics, block page) on the configured address; none without `http`. */
export async function startHttpServer(
  config: AgentConfig,
  deps: AgentHttpDeps,
): Promise<Part & { port: number | null }> {
  if (!config.http) return { port: null, stop() {} };
  const { host, port } = parseListenAddress(config.http);
  const server = await startAgentHttp(agentHttpApp(deps), host, port);
  return { port: server.port, stop: () => server.close() };
}
