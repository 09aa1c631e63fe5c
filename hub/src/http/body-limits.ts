/**
 * How much of a request body the hub reads, by who is asking. Public bodies (sign-in, enrolment)
 * are read before anyone is known, so they get the least; only an authenticated agent's event
 * batch gets the large limit, and only after its credential has been checked.
 */
export const BODY_LIMITS = {
  /** Sign-in, enrolment, and every dashboard form but the policy editor. */
  small: 16 * 1024,
  /** JSON bodies from signed-in users (a site policy is the largest) and the policy form. */
  signedIn: 1024 * 1024,
  /** An agent's heartbeat. */
  heartbeat: 64 * 1024,
  /** An agent's filtering check result: up to 5,000 items of a few hundred bytes each. */
  checkResult: 2 * 1024 * 1024,
  /** An agent's event batch, before and after gunzip. */
  ingest: 16 * 1024 * 1024,
} as const;

/** Deepest nesting of arrays and objects a JSON body may have; real payloads stay under 10. */
export const MAX_JSON_DEPTH = 64;
