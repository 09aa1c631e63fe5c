import type { Answer } from "./answer.ts";
import type { QueryContext } from "./query-context.ts";

/**
 * An answer now, or later. Blocks, safe-search CNAMEs for cached targets and cache hits are
 * answered in the same turn of the event loop; only a trip upstream returns a promise. Keeping
 * the synchronous path free of promises is most of the agent's speed on cached and blocked names.
 */
export type MaybeAnswer = Answer | Promise<Answer>;

/** One step of the resolver: answer the query itself, or call `next()` once and return its answer. */
export type Stage = (context: QueryContext, next: () => MaybeAnswer) => MaybeAnswer;

/** Runs stages in order, onion style; the last stage must answer without calling next(). */
export function compose(stages: readonly Stage[]): (context: QueryContext) => MaybeAnswer {
  return (context) => {
    const run = (index: number): MaybeAnswer => {
      const stage = stages[index];
      if (!stage) throw new Error("the last stage called next()");
      let called = false;
      return stage(context, () => {
        if (called) throw new Error(`stage ${index} called next() twice`);
        called = true;
        return run(index + 1);
      });
    };
    return run(0);
  };
}
