import type { QueryPacket } from "../dns/query-packet.ts";
import type { CompiledGroup } from "../policy/compiled-group.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";

/** Who asked: filled in by the identify stage. */
export interface Client {
  address: string;
  group: string;
  hostname: string | null;
  mac: string | null;
  /** The user name an identity source gave for the address (RADIUS accounting), if any. */
  user: string | null;
  /** The hub's person and device ids, when the identity table knows them. */
  person: string | null;
  device: string | null;
}

/** One query travelling down the chain. Stages read it and may add to `monitored`. */
export interface QueryContext {
  query: QueryPacket;
  /** How the question came: a client's socket, or the agent's own filtering check. */
  transport: "udp" | "tcp" | "doh" | "check";
  /** Client address as the socket saw it. */
  remoteAddress: string;
  receivedAt: number;
  /**
   * The device a roaming (DNS over HTTPS) query's token named, the hub's device id; null over
   * UDP and TCP, where the address and the network's identity sources say who asks.
   */
  roamingDevice: string | null;
  /** Set by identify: who asked, and the policy and group in force for the whole query. */
  client: Client;
  policy: CompiledPolicy | null;
  group: CompiledGroup | null;
  /** Monitor-only categories this lookup fell in (it is allowed, but flagged). */
  monitored: string[];
}
