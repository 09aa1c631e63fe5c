import { gunzipSync } from "node:zlib";
import type { Context } from "hono";
import { HubError } from "../hub-error.ts";

/** Largest request body the hub reads, before and after gunzip. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The request's JSON body, gunzipped when sent with Content-Encoding: gzip. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HubError("payload-too-large", `body over ${MAX_BODY_BYTES} bytes`);
  let bytes = Buffer.from(await c.req.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw new HubError("payload-too-large", `body over ${MAX_BODY_BYTES} bytes`);
  if (c.req.header("content-encoding") === "gzip") {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_BODY_BYTES });
    } catch (error) {
      const tooBig = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw new HubError(
        tooBig ? "payload-too-large" : "invalid-request",
        tooBig ? "body over the limit once unzipped" : "body is not valid gzip",
      );
    }
  }
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
