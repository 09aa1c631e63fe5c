import { gzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS, HubError } from "../hub-error.ts";
import { type BodyRules, readBoundedBody } from "./read-bounded-body.ts";

/** An app echoing the body's length, read within `rules`; refusals as their status and code. */
function echo(rules: BodyRules) {
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof HubError ? c.json({ code: error.code }, ERROR_STATUS[error.code]) : c.text("boom", 500),
  );
  app.post("/", async (c) => c.json({ length: (await readBoundedBody(c, rules)).length }));
  return app;
}

/** A body of `chunks` × 1 KiB with no Content-Length, counting how many chunks were pulled. */
function chunked(chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(1024));
    },
  });
  return { stream, pulled: () => pulled };
}

const post = (app: Hono, body: BodyInit, headers: Record<string, string> = {}) =>
  app.request("/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readBoundedBody", () => {
  it("reads a body within the limit", async () => {
    const response = await post(echo({ maxBytes: 4096 }), "x".repeat(4096));
    expect(await response.json()).toEqual({ length: 4096 });
  });

  it("refuses a declared Content-Length over the limit", async () => {
    const response = await post(echo({ maxBytes: 10 }), "x".repeat(11), { "content-length": "11" });
    expect(response.status).toBe(413);
  });

  it("stops reading a body without Content-Length soon after the limit", async () => {
    const body = chunked(100_000);
    const response = await post(echo({ maxBytes: 16 * 1024 }), body.stream);
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(40);
  });

  it.each([
    ["gzip where it is not allowed", "gzip", { maxBytes: 1024 }],
    ["deflate", "deflate", { maxBytes: 1024, gzip: true }],
    ["br", "br", { maxBytes: 1024, gzip: true }],
  ])("refuses %s as 415", async (_what, encoding, rules) => {
    const response = await post(echo(rules), new Uint8Array(gzipSync("{}")), { "content-encoding": encoding });
    expect(response.status).toBe(415);
  });

  it("unzips gzip where allowed, and refuses one that unzips past the limit", async () => {
    const app = echo({ maxBytes: 64 * 1024, gzip: true });
    const small = await post(app, new Uint8Array(gzipSync("x".repeat(1000))), { "content-encoding": "gzip" });
    expect(await small.json()).toEqual({ length: 1000 });
    const bomb = await post(app, new Uint8Array(gzipSync(Buffer.alloc(16 * 1024 * 1024, "["))), {
      "content-encoding": "gzip",
    });
    expect(bomb.status).toBe(413);
    const broken = await post(app, "not gzip", { "content-encoding": "gzip" });
    expect(broken.status).toBe(400);
  });
});
