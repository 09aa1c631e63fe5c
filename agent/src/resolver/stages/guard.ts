import type { Logger } from "pino";
import { EDE, RCODE } from "../../dns/dns-constants.ts";
import { buildResponse } from "../../dns/response-packet.ts";
import type { Answer } from "../answer.ts";
import type { QueryContext } from "../query-context.ts";
import type { Stage } from "../stage.ts";

/**
 * First in the chain: an unexpected throw anywhere below, now or later, becomes SERVFAIL for this
 * query only, logged once per distinct message so that a fault repeated on every query cannot
 * flood the log.
 */
export function guard(log: Logger): Stage {
  const seen = new Set<string>();
  const failed = (context: QueryContext, error: unknown): Answer => {
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
  };
  return function guardStage(context, next) {
    try {
      const answer = next();
      return answer instanceof Promise ? answer.catch((error: unknown) => failed(context, error)) : answer;
    } catch (error) {
      return failed(context, error);
    }
  };
}
