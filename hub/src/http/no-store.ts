import type { Context } from "hono";

/**
 * `Cache-Control: no-store` on every answer that did not set its own: pages, API answers,
 * downloads and exports carry children's data, and no browser or proxy may keep a copy.
 */
export function noStore() {
  return async function noStoreAnswer(c: Context, next: () => Promise<void>) {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  };
}
