import type { Answer } from "./answer.ts";
import type { QueryContext } from "./query-context.ts";

/** One step of the resolver: answer the query itself, or call `next()` once and return its answer. */
export type Stage = (context: QueryContext, next: () => Promise<Answer>) => Promise<Answer>;

/** Runs stages in order, onion style; the last stage must answer without calling next(). */
export function compose(stages: readonly Stage[]): (context: QueryContext) => Promise<Answer> {
  return (context) => {
    const run = (index: number): Promise<Answer> => {
      const stage = stages[index];
      if (!stage) return Promise.reject(new Error("the last stage called next()"));
      let called = false;
      return stage(context, () => {
        if (called) return Promise.reject(new Error(`stage ${index} called next() twice`));
        called = true;
        return run(index + 1);
      });
    };
    return run(0);
  };
}
