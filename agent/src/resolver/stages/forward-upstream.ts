import { responseForClient } from "../../dns/client-response.ts";
import { EDE, RCODE } from "../../dns/dns-constants.ts";
import { packResponse } from "../../dns/packed-response.ts";
import { buildResponse } from "../../dns/response-packet.ts";
import type { UpstreamPool } from "../../upstream/upstream-pool.ts";
import type { Stage } from "../stage.ts";

/** Last in the chain: forwards to the upstream resolvers; SERVFAIL when none gives an answer. */
export function forwardUpstream(pool: UpstreamPool): Stage {
  return async function forwardUpstreamStage(context) {
    const result = await pool.resolve(context.query);
    if (!result) {
      return {
        bytes: buildResponse(context.query, RCODE.SERVFAIL, [], {
          code: EDE.NO_REACHABLE_AUTHORITY,
          text: "no upstream resolver answered",
        }),
        outcome: "error",
        reason: { categories: [], detail: "upstreams-failed" },
        label: "upstreams-failed",
      };
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
