const PARSE_ARGS_ERRORS = new Set([
  "ERR_PARSE_ARGS_UNKNOWN_OPTION",
  "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
  "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
]);

/** Whether `error` is node:util's parseArgs refusing the command line: exit code 2, with the usage. */
export function isUsageError(error: unknown): boolean {
  return PARSE_ARGS_ERRORS.has((error as { code?: string } | null)?.code ?? "");
}
