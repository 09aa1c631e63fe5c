import { responseForClient } from "../../dns/client-response.ts";
import { EDE, RCODE } from "../../dns/dns-constants.ts";
import { packResponse } from "../../dns/packed-response.ts";
import type { QueryPacket } from "../../dns/query-packet.ts";
import { buildResponse, type ExtendedError } from "../../dns/response-packet.ts";
import type { UpstreamPool } from "../../upstream/upstream-pool.ts";
import type { Answer } from "../answer.ts";
import type { Stage } from "../stage.ts";

/** SERVFAIL for a question the upstreams did not answer, with an Extended DNS Error saying why. */
export function upstreamsFailed(
  query: QueryPacket,
  ede: ExtendedError = { code: EDE.NO_REACHABLE_AUTHORITY, text: "no upstream resolver answered" },
  detail = "upstreams-failed",
): Answer {
  return {
    bytes: buildResponse(query, RCODE.SERVFAIL, [], ede),
    outcome: "error",
    reason: { categories: [], detail },
    label: detail,
  };
}

/** Last in the chain: forwards to the upstream resolvers; SERVFAIL when none gives an answer. */
export function forwardUpstream(pool: UpstreamPool): Stage {
  return async function forwardUpstreamStage(context) {
    const result = await pool.resolve(context.query);
    if (!result) return upstreamsFailed(context.query);
    const packed = packResponse(result.response, result.layout);
    return {
      bytes: responseForClient(packed, context.query, 0),
      outcome: "resolved",
      reason: null,
      label: result.upstream,
      upstream: { packed, layout: result.layout },
    };
  };
}
