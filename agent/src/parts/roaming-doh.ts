import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import { startDohServer } from "../doh/doh-server.ts";
import { readTlsIdentity } from "../doh/tls-identity.ts";
import type { AgentMetrics } from "../http/agent-metrics.ts";
import type { ResolverCore } from "../resolver-core.ts";
import { parseListenAddress } from "../server/listen-address.ts";
import type { Part } from "./part-stack.ts";

/**
 * DNS over HTTPS for roaming devices, on the main thread's resolver core (the DNS workers keep
 * UDP and TCP); none without `doh`. Tokens are looked up in the policy in force at each request,
 * so a token the hub revokes is refused from the next policy poll on.
 */
export async function startRoamingDoh(
  config: AgentConfig,
  deps: { core: ResolverCore; metrics: AgentMetrics },
  log: Logger,
): Promise<Part & { port: number | null }> {
  if (!config.doh) return { port: null, stop() {} };
  const identity = readTlsIdentity(config.doh);
  const { host, port } = parseListenAddress(config.doh.listen);
  const { core, metrics } = deps;
  const server = await startDohServer(host, port, identity, {
    handle: core.handle,
    deviceFor: (hash) => core.policy().identity.deviceForToken(hash),
    refused: (reason) => metrics.dohRefused.inc({ reason }),
    log: log.child({ module: "doh" }),
  });
  return { port: server.port, stop: () => server.close() };
}
