import { BlockList, isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** Addresses and CIDR ranges (IPv4 or IPv6) compiled once into a set to test addresses against. */
export function compileAddressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 one. */
function plain(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

function listed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the nearest
 * address in X-Forwarded-For that is not itself a trusted proxy (entries to its left are the
 * client's to write, so they are not believed). Anyone else's X-Forwarded-For is ignored.
 */
export function clientAddress(c: Context, trusted: BlockList): string {
  let peer = "unknown";
  try {
    peer = plain(getConnInfo(c).remote.address ?? "unknown");
  } catch {
    // In-process requests (tests) have no socket.
  }
  if (!listed(trusted, peer)) return peer;
  const hops = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => plain(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!listed(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}
