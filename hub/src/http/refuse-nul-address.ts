import type { Context } from "hono";
import { HubError } from "../hub-error.ts";

/** `%00`, however written: a NUL character once the address is decoded. */
const ENCODED_NUL = /%00/i;

/**
 * Refuses an address (path or query) that carries a NUL character. PostgreSQL's client cuts a
 * parameter at the NUL and SQLite keeps it whole, so the same request read different rows on each
 * store: a subject-access export for `10.0.0.1%00x` gave 10.0.0.1's events on PostgreSQL while its
 * audit entry named another client. No identifier, date or cursor the hub reads holds one.
 */
export function refuseNulAddress() {
  return async function refuseNul(c: Context, next: () => Promise<void>) {
    if (ENCODED_NUL.test(c.req.url))
      throw new HubError(
        "invalid-request",
        "the address holds a NUL character (%00), which no value the hub reads has",
      );
    await next();
  };
}
