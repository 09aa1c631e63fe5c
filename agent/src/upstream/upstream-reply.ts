import { RCODE } from "../dns/dns-constants.ts";
import { skipName, u16 } from "../dns/query-packet.ts";
import type { ResponseLayout } from "../dns/response-records.ts";
import { UpstreamError } from "./upstream.ts";

/**
 * What one exchange with one upstream came to. An answer of any rcode shows the upstream is
 * alive; only `timeout`, `unreachable` (connection refused, network error) and `malformed` (a
 * reply we cannot use: unparsable, wrong ID or question) count against its health.
 */
export type ExchangeResult = "servfail" | "refused" | "timeout" | "unreachable" | "malformed";

/** One upstream that did not give a final answer, and why. */
export interface UpstreamAttempt {
  upstream: string;
  result: ExchangeResult;
  error: string | null;
}

/** The kind of failure behind an exchange's error. */
export function failureKind(error: unknown): "timeout" | "unreachable" | "malformed" {
  if (!(error instanceof UpstreamError)) return "malformed";
  if (error.code === "upstream-timeout") return "timeout";
  return error.code === "upstream-bad-response" ? "malformed" : "unreachable";
}

/** Why a response cannot be the reply to `sent`, or null: unparsable, wrong ID or wrong question. */
export function replyProblem(
  response: Uint8Array,
  layout: ResponseLayout | null,
  sent: Uint8Array,
  id: number,
): string | null {
  if (!layout) return "malformed response";
  if (u16(response, 0) !== id || ((response[2] as number) & 0x80) === 0) return "response does not answer our query";
  const sentEnd = skipName(sent, 12) + 4;
  if (layout.questionEnd - 12 !== sentEnd - 12 || !sameQuestion(response, sent, sentEnd))
    return "response is for another question";
  return null;
}

/** SERVFAIL and REFUSED are answers, but not final ones: the next upstream may do better. */
export function notFinal(rcode: number): "servfail" | "refused" | null {
  if (rcode === RCODE.SERVFAIL) return "servfail";
  return rcode === RCODE.REFUSED ? "refused" : null;
}

function sameQuestion(response: Uint8Array, sent: Uint8Array, end: number): boolean {
  for (let i = 12; i < end; i++) {
    let a = response[i] as number;
    let b = sent[i] as number;
    if (a >= 65 && a <= 90) a |= 32;
    if (b >= 65 && b <= 90) b |= 32;
    if (a !== b) return false;
  }
  return true;
}
