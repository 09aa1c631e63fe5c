import { describe, expect, it } from "vitest";
import { isLoopbackHost, secureCookiesFor } from "./secure-cookies-default.ts";

describe("secure cookies by default", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["[::1]", true],
    ["localhost", true],
    ["0.0.0.0", false],
    ["::", false],
    ["10.0.0.5", false],
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it("is on unless configured off or bound to loopback", () => {
    expect(secureCookiesFor(undefined, "0.0.0.0")).toBe(true);
    expect(secureCookiesFor(undefined, "127.0.0.1")).toBe(false);
    expect(secureCookiesFor(false, "0.0.0.0")).toBe(false);
    expect(secureCookiesFor(true, "127.0.0.1")).toBe(true);
  });
});
