import { describe, expect, it } from "vitest";
import { LoginFailures } from "./login-failures.ts";

describe("LoginFailures", () => {
  it("lets the free attempts through, then doubles the wait per failure up to the maximum", () => {
    let now = 0;
    const failures = new LoginFailures(3, 10_000, () => now);
    const waits = [];
    for (let i = 0; i < 8; i++) {
      const { delayedUntil } = failures.fail("dsl@school.test", "10.0.0.1");
      waits.push(delayedUntil ? delayedUntil - now : 0);
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(failures.delayedUntil("DSL@school.test", "10.0.0.1")).toBe(10_000);
    now = 10_000;
    expect(failures.delayedUntil("dsl@school.test", "10.0.0.1")).toBe(0);
  });

  it("counts each account and address apart, so another address is never slowed", () => {
    const failures = new LoginFailures(1, 60_000, () => 0);
    failures.fail("dsl@school.test", "203.0.113.9");
    expect(failures.delayedUntil("dsl@school.test", "203.0.113.9")).toBeGreaterThan(0);
    expect(failures.delayedUntil("dsl@school.test", "198.51.100.7")).toBe(0);
    expect(failures.delayedUntil("other@school.test", "203.0.113.9")).toBe(0);
  });

  it("starts afresh after a success, or a day without failures", () => {
    let now = 0;
    const failures = new LoginFailures(1, 60_000, () => now);
    failures.fail("a@school.test", "10.0.0.1");
    failures.succeed("a@school.test", "10.0.0.1");
    expect(failures.fail("a@school.test", "10.0.0.1").failures).toBe(1);
    now = 25 * 3_600_000;
    expect(failures.fail("a@school.test", "10.0.0.1").failures).toBe(1);
  });
});
