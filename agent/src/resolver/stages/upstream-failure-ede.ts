import { EDE } from "../../dns/dns-constants.ts";
import type { ExtendedError } from "../../dns/response-packet.ts";
import type { UpstreamAttempt, UpstreamFailure } from "../../upstream/upstream-pool.ts";

/**
 * The Extended DNS Error (RFC 8914) for a question no upstream gave a final answer to, saying
 * what happened: an upstream answered SERVFAIL (0 Other, naming it and the others tried), they
 * refused it or did not answer (22 No Reachable Authority), or could not be reached at all
 * (23 Network Error).
 */
export function upstreamFailureEde({ attempts, servfail }: UpstreamFailure): ExtendedError {
  if (servfail) {
    const others = attempts.filter((a) => a.upstream !== servfail.upstream);
    const tried = others.length ? `; also tried ${others.map(describe).join(", ")}` : "";
    return { code: EDE.OTHER, text: `upstream ${servfail.upstream} answered SERVFAIL${tried}` };
  }
  if (attempts.length === 0) return { code: EDE.NO_REACHABLE_AUTHORITY, text: "no upstream resolver configured" };
  const all = (result: UpstreamAttempt["result"]) => attempts.every((a) => a.result === result);
  const list = attempts.map(describe).join(", ");
  if (all("refused")) return { code: EDE.NO_REACHABLE_AUTHORITY, text: `upstreams refused: ${list}` };
  if (all("timeout")) return { code: EDE.NO_REACHABLE_AUTHORITY, text: `no upstream answered (timeouts): ${list}` };
  if (all("unreachable")) return { code: EDE.NETWORK_ERROR, text: `upstreams unreachable: ${list}` };
  return { code: EDE.NO_REACHABLE_AUTHORITY, text: `no upstream gave an answer: ${list}` };
}

function describe({ upstream, result }: UpstreamAttempt): string {
  return `${upstream} (${result === "servfail" ? "SERVFAIL" : result === "refused" ? "REFUSED" : result})`;
}
