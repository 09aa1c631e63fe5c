/**
 * What a reader of outside text returns: the value, or why not, as a sentence fit to show the
 * person who wrote the text. Readers return it rather than throw, so each caller wraps the
 * problem in its own error type (config, HTTP 400, log line) without catching anything.
 */
export type TextResult<T> = { ok: true; value: T } | { ok: false; problem: string };
