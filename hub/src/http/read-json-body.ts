import type { Context } from "hono";
import { HubError } from "../hub-error.ts";
import { MAX_JSON_DEPTH } from "./body-limits.ts";
import { jsonDepthWithin } from "./json-depth.ts";
import { type BodyRules, readBoundedBody } from "./read-bounded-body.ts";

/** The request's JSON body, read within `rules` (size, gzip) and refused when nested too deep. */
export async function readJsonBody(c: Context, rules: BodyRules): Promise<unknown> {
  const bytes = await readBoundedBody(c, rules);
  if (!jsonDepthWithin(bytes, MAX_JSON_DEPTH))
    throw new HubError("invalid-request", `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new HubError("invalid-request", "body is not JSON");
  }
}

export function bearer(c: Context): string | undefined {
  const header = c.req.header("authorization");
  return header?.startsWith("Bearer ") ? header.slice(7) : undefined;
}
