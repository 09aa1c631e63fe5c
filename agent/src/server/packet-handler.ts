import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { truncated } from "../dns/response-packet.ts";
import type { Answer } from "../resolver/answer.ts";
import type { QueryContext } from "../resolver/query-context.ts";
import type { MaybeAnswer } from "../resolver/stage.ts";
import { errorResponse, FORMERR, NOTIMP } from "./error-response.ts";

export type Resolve = (context: QueryContext) => MaybeAnswer;

/** Response bytes, none (drop), or either later. */
export type MaybeResponse = Uint8Array | null | Promise<Uint8Array | null>;

/** Counts of packets that never became queries, for metrics. */
export interface PacketCounters {
  malformed(kind: "drop" | "formerr" | "notimp"): void;
  truncated(): void;
}

/**
 * Bytes in, bytes out: reads the packet (FORMERR or NOTIMP for bad ones, nothing for those that
 * cannot even be answered), runs the resolver, and over UDP cuts an answer longer than the
 * client's UDP size down to its question with TC set so the client retries over TCP.
 */
export function packetHandler(resolve: Resolve, counters: PacketCounters) {
  return function handlePacket(raw: Uint8Array, remoteAddress: string, transport: "udp" | "tcp"): MaybeResponse {
    const receivedAt = performance.now();
    const query = parseQueryPacket(raw);
    if ("kind" in query) {
      counters.malformed(query.kind);
      if (query.kind === "drop") return null;
      return errorResponse(raw, query.id, query.kind === "formerr" ? FORMERR : NOTIMP);
    }
    const answer = resolve({
      query,
      transport,
      remoteAddress,
      receivedAt,
      client: { address: remoteAddress, group: "", hostname: null, mac: null },
      policy: null,
      group: null,
      monitored: [],
    });
    return answer instanceof Promise
      ? answer.then((done) => fit(done, query, transport, counters))
      : fit(answer, query, transport, counters);
  };
}

/** The answer's bytes, cut down with TC set when they are over the client's UDP size. */
function fit(answer: Answer, query: QueryPacket, transport: "udp" | "tcp", counters: PacketCounters): Uint8Array {
  if (transport === "udp" && answer.bytes.length > query.udpSize) {
    counters.truncated();
    return truncated(answer.bytes, query);
  }
  return answer.bytes;
}
