import { describe, expect, it } from "vitest";
import { addressProblem, DEFAULT_WEBHOOK_POLICY, webhookUrlProblem } from "./webhook-policy.ts";

describe("webhookUrlProblem", () => {
  it.each([
    ["https://hooks.example.com/x", null],
    ["file:///etc/passwd", /file: is not allowed/],
    ["http://hooks.example.com/x", /http: only to a host allowed/],
    ["https://127.0.0.1:8080/", /loopback, private/],
    ["https://10.1.2.3/", /loopback, private/],
    ["https://169.254.169.254/latest/meta-data", /loopback, private/],
    ["https://[::1]/", /loopback, private/],
    ["https://[fd00::1]/", /loopback, private/],
    ["https://[fe80::1]/", /loopback, private/],
    ["https://[::ffff:127.0.0.1]/", /IPv4 address written as IPv6/],
    ["https://user:pw@hooks.example.com/", /credentials/],
    ["https://8.8.8.8/", null],
  ])("%s", (url, expected) => {
    const problem = webhookUrlProblem(url, DEFAULT_WEBHOOK_POLICY);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it("allows http: to a configured host, and internal addresses when configured", () => {
    const policy = { httpHosts: ["10.0.0.5"], privateAddresses: true };
    expect(webhookUrlProblem("http://10.0.0.5/hook", policy)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.6/hook", policy)).toMatch(/http: only/);
    expect(addressProblem("127.0.0.1", policy)).toBeNull();
  });
});
