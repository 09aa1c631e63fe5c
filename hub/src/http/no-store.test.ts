import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { noStore } from "./no-store.ts";

describe("noStore", () => {
  const app = new Hono();
  app.use("*", noStore());
  app.get("/page", (c) => c.text("pupil data"));
  app.get("/own", (c) => c.text("public", 200, { "cache-control": "max-age=60" }));
  app.get("/fails", () => {
    throw new Error("boom");
  });

  it("marks answers no-store, errors included", async () => {
    expect((await app.request("/page")).headers.get("cache-control")).toBe("no-store");
    expect((await app.request("/fails")).headers.get("cache-control")).toBe("no-store");
    expect((await app.request("/missing")).headers.get("cache-control")).toBe("no-store");
  });

  it("leaves an answer's own Cache-Control alone", async () => {
    expect((await app.request("/own")).headers.get("cache-control")).toBe("max-age=60");
  });
});
