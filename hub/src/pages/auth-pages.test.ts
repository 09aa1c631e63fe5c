import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";

describe("dashboard sign-in", () => {
  it.each([
    ["/incidents/3", "/incidents/3"],
    ["//evil.example/x", "/"],
    ["/\\evil.example/x", "/"],
    ["https://evil.example/", "/"],
  ])("after signing in, next=%s goes to %s", async (next, expected) => {
    const { app, services } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    await services.users.create({
      email: "dsl@school.test",
      name: "D",
      role: "dsl",
      sites: null,
      password: "a long enough password",
    });
    const response = await app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email: "dsl@school.test", password: "a long enough password", next }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(expected);
  });

  it("a wrong password returns to the sign-in page with the reason, and no cookie", async () => {
    const { app } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    const response = await app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email: "nobody@school.test", password: "wrong" }),
    });
    expect(response.headers.get("location")).toMatch(/^\/login\?error=email\+or\+password\+is\+wrong/);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("pages send people who are not signed in to the sign-in page", async () => {
    const { app } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    for (const path of ["/", "/incidents", "/events", "/sites", "/reports", "/audit", "/users"]) {
      const response = await app.request(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("pages forbid scripts, framing and outside resources", async () => {
    const { app } = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
    const response = await app.request("/login");
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
