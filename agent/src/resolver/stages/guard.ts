import type { Logger } from "pino";
import { EDE, RCODE } from "../../dns/dns-constants.ts";
import { buildResponse } from "../../dns/response-packet.ts";
import type { Stage } from "../stage.ts";

/**
 * First in the chain: an unexpected throw anywhere below becomes SERVFAIL for this query only,
 * logged once per distinct message so that a fault repeated on every query cannot flood the log.
 */
export function guard(log: Logger): Stage {
  const seen = new Set<string>();
  return async function guardStage(context, next) {
    try {
      return await next();
    } catch (error) {
      const message = (error as Error).message;
      if (!seen.has(message) && seen.size < 1000) {
        seen.add(message);
        log.error({ err: error }, "query failed unexpectedly; answering SERVFAIL");
      }
      return {
        bytes: buildResponse(context.query, RCODE.SERVFAIL, [], { code: EDE.OTHER, text: "internal error" }),
        outcome: "error",
        reason: { categories: [], detail: "internal-error" },
        label: "internal-error",
      };
    }
  };
}
