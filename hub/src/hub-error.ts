/** Every failure the hub reports, by stable code; the one table from code to HTTP status. */
export const ERROR_STATUS = {
  unauthorised: 401,
  forbidden: 403,
  "not-found": 404,
  "invalid-request": 400,
  "unsupported-schema": 400,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  conflict: 409,
  "rate-limited": 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class HubError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** A schema's complaints as "path: message" lines, for error details and startup reports. */
export { issueLines } from "@fenceline/shared";
