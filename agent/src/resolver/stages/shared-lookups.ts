import { questionKey } from "../../cache/answer-cache.ts";
import { responseForClient } from "../../dns/client-response.ts";
import { EDE } from "../../dns/dns-constants.ts";
import type { QueryPacket } from "../../dns/query-packet.ts";
import type { Answer } from "../answer.ts";
import type { Stage } from "../stage.ts";
import { upstreamsFailed } from "./forward-upstream.ts";

/**
 * Between the cache and the upstreams. A question already on its way upstream is not sent again:
 * later askers wait for the same answer, each given it with their own ID and question (a popular
 * name that has just expired, or a burst from many clients, costs one upstream query). And at
 * most `maxInFlight` askers, sharing or not, wait on the upstreams at once: past that, SERVFAIL at once (or a
 * stale answer, from the cache stage), so that a flood of names that miss the cache — random
 * subdomains, say — cannot hold unbounded memory while the upstreams are slow or down.
 */
export function sharedLookups(maxInFlight: number): Stage {
  const inFlight = new Map<string, Promise<Answer>>();
  /** Askers waiting on another's question: they count towards the bound too. */
  let sharing = 0;
  return function sharedLookupsStage(context, next) {
    const { query } = context;
    if (inFlight.size + sharing >= maxInFlight) {
      return upstreamsFailed(
        query,
        {
          code: EDE.OTHER,
          text: `${maxInFlight} questions already waiting on the upstream resolvers`,
        },
        "too-many-in-flight",
      );
    }
    const key = questionKey(query);
    const first = inFlight.get(key);
    if (first) {
      sharing++;
      return first
        .finally(() => {
          sharing--;
        })
        .then((answer) => forAnotherClient(answer, query));
    }
    const answer = next();
    if (!(answer instanceof Promise)) return answer;
    inFlight.set(key, answer);
    const done = () => inFlight.delete(key);
    answer.then(done, done);
    return answer;
  };
}

/** The first asker's answer made for another: its upstream response rebuilt, or a failure of its own. */
function forAnotherClient(answer: Answer, query: QueryPacket): Answer {
  if (!answer.upstream) return upstreamsFailed(query);
  // No `upstream` on it: the first asker's answer is the one the cache keeps.
  return {
    bytes: responseForClient(answer.upstream.packed, query, 0),
    outcome: answer.outcome,
    reason: null,
    label: answer.label,
  };
}
