import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, compileAddressList } from "./client-address.ts";

describe("compileAddressList", () => {
  it("matches single addresses and CIDR ranges, IPv4 and IPv6", () => {
    const list = compileAddressList(["127.0.0.1", "10.1.0.0/16", "fd00::/8"]);
    expect(list.check("127.0.0.1", "ipv4")).toBe(true);
    expect(list.check("10.1.200.3", "ipv4")).toBe(true);
    expect(list.check("10.2.0.1", "ipv4")).toBe(false);
    expect(list.check("fd12::1", "ipv6")).toBe(true);
    expect(list.check("2001:db8::1", "ipv6")).toBe(false);
  });

  it("an empty list trusts nobody", () => {
    expect(compileAddressList([]).check("127.0.0.1", "ipv4")).toBe(false);
  });
});

// clientAddress needs a socket; it is tested over real HTTP in test/security-signin-limits.e2e.test.ts.
it("in-process requests have no peer address", async () => {
  const app = new Hono();
  app.get("/", (c) => c.text(clientAddress(c, compileAddressList(["127.0.0.1"]))));
  expect(await (await app.request("/", { headers: { "x-forwarded-for": "1.2.3.4" } })).text()).toBe("unknown");
});
