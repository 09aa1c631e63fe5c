import { isIP } from "node:net";
import { parseHostPort } from "@fenceline/shared";
import { DohUpstream } from "./doh-upstream.ts";
import { TcpUpstream } from "./tcp-upstream.ts";
import { UdpUpstream } from "./udp-upstream.ts";
import type { Upstream } from "./upstream.ts";

/**
 * An upstream from its address: `udp://host[:port]`, `tcp://host[:port]`, `https://host/path`,
 * or a bare `host[:port]` / `[v6]:port` meaning UDP. Plain `http://` DoH is accepted only on
 * loopback (a local DoH proxy, or tests). Throws on anything else.
 */
export function createUpstream(address: string): Upstream {
  if (address.startsWith("https://")) return new DohUpstream(address);
  if (address.startsWith("http://")) {
    const host = new URL(address).hostname;
    if (host !== "127.0.0.1" && host !== "[::1]" && host !== "localhost") {
      throw new Error(`DNS over plain HTTP is refused except on loopback: "${address}" (use https://)`);
    }
    return new DohUpstream(address);
  }
  const [, scheme, rest = ""] = /^(?:(udp|tcp):\/\/)?(.*)$/s.exec(address) ?? [];
  const parsed = parseHostPort(rest, 53);
  if (!parsed.ok) throw new Error(`not an upstream address: ${parsed.problem} (use udp://, tcp:// or https://)`);
  const { host, port } = parsed.value;
  if (port === 0) throw new Error(`upstream "${address}" needs a port other than 0`);
  // A name would be looked up through the system's resolver, which may be this agent.
  if (isIP(host) === 0) throw new Error(`upstream "${address}" must be an IP address, not a name`);
  return scheme === "tcp" ? new TcpUpstream(host, port) : new UdpUpstream(host, port);
}
