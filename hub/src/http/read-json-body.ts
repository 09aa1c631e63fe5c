import type { Context } from "hono";
import { HubError } from "../hub-error.ts";
import { MAX_JSON_DEPTH } from "./body-limits.ts";
import { jsonDepthScanner } from "./json-depth.ts";
import { type BodyRules, readBoundedBody } from "./read-bounded-body.ts";
import { parseStorableJson } from "./storable-text.ts";

/**
 * The request's JSON body, read within `rules` (size, gzip), refused as soon as it nests too deep;
 * its text as every store can hold it (see `storable-text.ts`).
 */
export async function readJsonBody(c: Context, rules: Omit<BodyRules, "inspect">): Promise<unknown> {
  const withinDepth = jsonDepthScanner(MAX_JSON_DEPTH);
  const bytes = await readBoundedBody(c, {
    ...rules,
    inspect: (piece) => {
      if (!withinDepth(piece))
        throw new HubError("invalid-request", `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
    },
  });
  try {
    return parseStorableJson(bytes.toString("utf8"));
  } catch {
    throw new HubError("invalid-request", "body is not JSON");
  }
}

export function bearer(c: Context): string | undefined {
  const header = c.req.header("authorization");
  return header?.startsWith("Bearer ") ? header.slice(7) : undefined;
}
