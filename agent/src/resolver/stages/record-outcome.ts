import type { Answer } from "../answer.ts";
import type { QueryContext } from "../query-context.ts";
import type { Stage } from "../stage.ts";

/** Takes every finished query. Must return at once: it may queue, never await. */
export type OutcomeSink = (context: QueryContext, answer: Answer, elapsedMs: number) => void;

/** Records the outcome of every query after the stages below have answered it. */
export function recordOutcome(sink: OutcomeSink): Stage {
  return async function recordOutcomeStage(context, next) {
    const answer = await next();
    sink(context, answer, performance.now() - context.receivedAt);
    return answer;
  };
}
