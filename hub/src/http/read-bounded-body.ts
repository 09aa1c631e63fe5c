import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Context } from "hono";
import { HubError } from "../hub-error.ts";

const gunzipAsync = promisify(gunzip);

export interface BodyRules {
  /** Largest body read, in bytes: as sent, and again once unzipped. */
  maxBytes: number;
  /** Whether `Content-Encoding: gzip` is accepted (only agents' authenticated uploads). */
  gzip?: boolean;
}

const tooLarge = (maxBytes: number, after = "") =>
  new HubError("payload-too-large", `the request body is over the ${maxBytes}-byte limit${after}`);

/**
 * The request body, read chunk by chunk and abandoned as soon as it passes the limit, whether or
 * not it declared a Content-Length; a gzip body is unzipped off the event loop with its output
 * bounded too. Other encodings, and gzip where it is not allowed, are refused unread (415).
 */
export async function readBoundedBody(c: Context, rules: BodyRules): Promise<Buffer> {
  const encoding = (c.req.header("content-encoding") ?? "identity").trim().toLowerCase();
  const gzipped = encoding === "gzip";
  if (encoding !== "identity" && !(gzipped && rules.gzip))
    throw new HubError("unsupported-media-type", `a "${encoding}"-encoded body is not accepted here`);
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > rules.maxBytes) throw tooLarge(rules.maxBytes);
  const raw = await readStream(c.req.raw.body, rules.maxBytes);
  if (!gzipped) return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: rules.maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(rules.maxBytes, " once unzipped");
    throw new HubError("invalid-request", "the body is not valid gzip");
  }
}

async function readStream(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop reading: the rest of the body is never buffered.
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
