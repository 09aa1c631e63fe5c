import type { Answer } from "../answer.ts";
import type { QueryContext } from "../query-context.ts";
import type { Stage } from "../stage.ts";

/** Takes every finished query. Must return at once: it may queue, never await. */
export type OutcomeSink = (context: QueryContext, answer: Answer, elapsedMs: number) => void;

/** Records the outcome of every query after the stages below have answered it. */
export function recordOutcome(sink: OutcomeSink): Stage {
  return function recordOutcomeStage(context, next) {
    const answer = next();
    if (answer instanceof Promise) {
      return answer.then((later) => {
        sink(context, later, performance.now() - context.receivedAt);
        return later;
      });
    }
    sink(context, answer, performance.now() - context.receivedAt);
    return answer;
  };
}
