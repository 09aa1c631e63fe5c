import { createGunzip } from "node:zlib";
import type { Context } from "hono";
import { HubError } from "../hub-error.ts";

export interface BodyRules {
  /** Largest body read, in bytes: as sent, and again once unzipped. */
  maxBytes: number;
  /** Whether `Content-Encoding: gzip` is accepted (only agents' authenticated uploads). */
  gzip?: boolean;
  /** Sees each piece of the (unzipped) body as it comes; throws to stop reading there. */
  inspect?: (piece: Uint8Array) => void;
}

const tooLarge = (maxBytes: number, after = "") =>
  new HubError("payload-too-large", `the request body is over the ${maxBytes}-byte limit${after}`);

/**
 * The request body, read chunk by chunk and abandoned as soon as it passes the limit (or
 * `inspect` refuses it), whether or not it declared a Content-Length. A gzip body is unzipped as a
 * stream off the event loop, stopped at the limit too. Other encodings, and gzip where it is not
 * allowed, are refused unread (415).
 */
export async function readBoundedBody(c: Context, rules: BodyRules): Promise<Buffer> {
  const encoding = (c.req.header("content-encoding") ?? "identity").trim().toLowerCase();
  const gzipped = encoding === "gzip";
  if (encoding !== "identity" && !(gzipped && rules.gzip))
    throw new HubError("unsupported-media-type", `a "${encoding}"-encoded body is not accepted here`);
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > rules.maxBytes) throw tooLarge(rules.maxBytes);
  if (!gzipped) return await readStream(c.req.raw.body, rules.maxBytes, rules.inspect);
  return await gunzipBounded(await readStream(c.req.raw.body, rules.maxBytes), rules);
}

async function readStream(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  inspect?: (piece: Uint8Array) => void,
): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      inspect?.(value);
      chunks.push(value);
    }
  } catch (error) {
    // Stop reading: the rest of the body is never buffered.
    await reader.cancel().catch(() => {});
    throw error;
  }
  return Buffer.concat(chunks, size);
}

function gunzipBounded(zipped: Buffer, rules: BodyRules): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const pieces: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(error);
    };
    gunzip.on("data", (piece: Buffer) => {
      if (settled) return;
      size += piece.length;
      if (size > rules.maxBytes) return fail(tooLarge(rules.maxBytes, " once unzipped"));
      try {
        rules.inspect?.(piece);
      } catch (error) {
        return fail(error);
      }
      pieces.push(piece);
    });
    gunzip.on("error", () => fail(new HubError("invalid-request", "the body is not valid gzip")));
    gunzip.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(pieces, size));
    });
    gunzip.end(zipped);
  });
}
