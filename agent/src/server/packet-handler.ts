import { CLASS_CHAOS, RCODE } from "../dns/dns-constants.ts";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { buildResponse, truncated } from "../dns/response-packet.ts";
import type { Answer } from "../resolver/answer.ts";
import type { QueryContext } from "../resolver/query-context.ts";
import type { MaybeAnswer } from "../resolver/stage.ts";
import { badversResponse, errorResponse, FORMERR, NOTIMP } from "./error-response.ts";

export type Resolve = (context: QueryContext) => MaybeAnswer;

/** Response bytes, none (drop), or either later. */
export type MaybeResponse = Uint8Array | null | Promise<Uint8Array | null>;

/** Counts of packets that never became queries, for metrics. */
export interface PacketCounters {
  malformed(kind: "drop" | "formerr" | "notimp"): void;
  truncated(): void;
}

/**
 * Bytes in, bytes out: reads the packet (FORMERR or NOTIMP for bad ones, BADVERS for an EDNS
 * version above 0, nothing for those that cannot even be answered), refuses CHAOS-class questions, runs the resolver, and over UDP cuts an answer longer than the
 * client's UDP size down to its question with TC set so the client retries over TCP.
 */
export function packetHandler(resolve: Resolve, counters: PacketCounters) {
  return function handlePacket(raw: Uint8Array, remoteAddress: string, transport: "udp" | "tcp"): MaybeResponse {
    const receivedAt = performance.now();
    const query = parseQueryPacket(raw);
    if ("kind" in query) {
      if (query.kind === "badvers") return badversResponse(raw, query.id, query.questionEnd, query.dnssecOk);
      counters.malformed(query.kind);
      if (query.kind === "drop") return null;
      return errorResponse(raw, query.id, query.kind === "formerr" ? FORMERR : NOTIMP);
    }
    // CHAOS class (version.bind, id.server, hostname.bind...) says nothing about the Internet and
    // would tell the upstream's software and name to anyone: refused here, like hide-version.
    if (query.qclass === CLASS_CHAOS) return buildResponse(query, RCODE.REFUSED);
    const answer = resolve({
      query,
      transport,
      remoteAddress,
      receivedAt,
      roamingDevice: null,
      client: { address: remoteAddress, group: "", hostname: null, mac: null, user: null, person: null, device: null },
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
