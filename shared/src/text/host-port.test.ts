import { describe, expect, it } from "vitest";
import { formatHostPort, hostPortSchema, parseHostPort } from "./host-port.ts";

describe("parseHostPort", () => {
  it.each([
    ["127.0.0.1:53", "127.0.0.1", 53],
    ["0.0.0.0:0", "0.0.0.0", 0],
    ["localhost:8080", "localhost", 8080],
    ["[::1]:5353", "::1", 5353],
    ["[fe80::1%eth0]:53", null, null],
    ["[::ffff:10.0.0.1]:65535", "::ffff:10.0.0.1", 65535],
  ])("%s → %s port %s", (text, host, port) => {
    const parsed = parseHostPort(text);
    if (host === null) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, value: { host, port } });
  });

  it.each([
    ["nowhere", /has no port/],
    ["::1:53", /IPv6 address goes in brackets/],
    ["[::1]", /has no port/],
    ["[::1]:", /no port number/],
    [":53", /no host/],
    ["[]:53", /no host/],
    ["a b:53", /white space/],
    ["[10.0.0.1]:53", /brackets are for IPv6/],
    ["[zz::1]:53", /other than an IPv6 address/],
    ["127.0.0.1:", /no port number/],
    ["127.0.0.1:http", /no port number/],
    ["127.0.0.1:123456", /no port number/],
    ["127.0.0.1:65536", /port 65536, past 65535/],
  ])("%s is refused: %s", (text, problem) => {
    const parsed = parseHostPort(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
    if (!parsed.ok) expect(parsed.problem).toContain(`"${text}"`);
  });

  it.each([
    ["1.1.1.1", "1.1.1.1", 53],
    ["[2606:4700::1111]", "2606:4700::1111", 53],
    ["9.9.9.9:5353", "9.9.9.9", 5353],
  ])("with a default port, %s → %s port %s", (text, host, port) => {
    expect(parseHostPort(text, 53)).toEqual({ ok: true, value: { host, port } });
  });

  it.each([
    ["127.0.0.1", 53, "127.0.0.1:53"],
    ["::1", 0, "[::1]:0"],
    ["dns.example", 853, "dns.example:853"],
  ])("formats %s port %s as %s, which reads back", (host, port, text) => {
    expect(formatHostPort(host, port)).toBe(text);
    expect(parseHostPort(text)).toEqual({ ok: true, value: { host, port } });
  });

  it("as a schema, gives the same problem as its message", () => {
    const result = hostPortSchema.safeParse("127.0.0.1:99999");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/past 65535/);
    expect(hostPortSchema.parse("[::]:53")).toBe("[::]:53");
  });
});
