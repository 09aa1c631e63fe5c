import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { readForm } from "./read-form.ts";

describe("readForm", () => {
  const app = new Hono().post("/", async (c) => c.json(await readForm(c, 10_000)));

  it("gives a form's names and values as every store can hold them (a NUL becomes U+FFFD)", async () => {
    const response = await app.request("/", {
      method: "POST",
      body: new URLSearchParams({ "note\u0000": "before\u0000after", plain: "text" }),
    });
    expect(await response.json()).toEqual({ "note\uFFFD": "before\uFFFDafter", plain: "text" });
  });
});
