import { isIP } from "node:net";
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
  const match = /^(?:(udp|tcp):\/\/)?(?:\[([0-9a-fA-F:.]+)\]|([^:/\]]+))(?::(\d+))?$/.exec(address);
  if (!match) throw new Error(`not an upstream address: "${address}" (use udp://, tcp:// or https://)`);
  const host = (match[2] ?? match[3]) as string;
  const port = match[4] ? Number(match[4]) : 53;
  if (port < 1 || port > 65535) throw new Error(`bad port in upstream "${address}"`);
  // A name would be looked up through the system's resolver, which may be this agent.
  if (isIP(host) === 0) throw new Error(`upstream "${address}" must be an IP address, not a name`);
  return match[1] === "tcp" ? new TcpUpstream(host, port) : new UdpUpstream(host, port);
}
