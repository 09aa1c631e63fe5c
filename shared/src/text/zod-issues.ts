/** The one label for a problem with the whole value rather than one of its fields. */
const WHOLE_VALUE = "(whole)";

/** The part of a zod issue the formatter reads (zod 4's `$ZodIssue` has more). */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A schema's complaints as "path: message" lines, for error details, startup reports and logs:
 * `listen.0: ...`, `events.3.outcome: ...`, `(whole): ...` for the value itself.
 */
export function issueLines(issues: readonly IssueLike[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join(".") || WHOLE_VALUE}: ${issue.message}`);
}
