import { responseForClient } from "../../dns/client-response.ts";
import { EDE, RCODE } from "../../dns/dns-constants.ts";
import { packResponse } from "../../dns/packed-response.ts";
import type { QueryPacket } from "../../dns/query-packet.ts";
import { buildResponse, type ExtendedError } from "../../dns/response-packet.ts";
import type { UpstreamPool } from "../../upstream/upstream-pool.ts";
import type { Answer } from "../answer.ts";
import type { Stage } from "../stage.ts";
import { upstreamFailureEde } from "./upstream-failure-ede.ts";

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

/**
 * Last in the chain: forwards to the upstream resolvers; SERVFAIL when none gives a final answer,
 * with an Extended DNS Error saying what each came to (an upstream's SERVFAIL is not cached).
 */
export function forwardUpstream(pool: UpstreamPool): Stage {
  return async function forwardUpstreamStage(context) {
    const result = await pool.resolveOrFailure(context.query);
    if ("attempts" in result) {
      const detail = result.servfail ? "upstream-servfail" : "upstreams-failed";
      return upstreamsFailed(context.query, upstreamFailureEde(result), detail);
    }
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
