import cron from "node-cron";

/**
 * When a cron expression next fires after now, read in `zone`; null for an expression that is not
 * one. The task is made only to ask, and destroyed unstarted.
 */
export function nextCronRun(expression: string, zone: string): Date | null {
  if (!cron.validate(expression)) return null;
  const task = cron.createTask(expression, () => {}, { timezone: zone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}
