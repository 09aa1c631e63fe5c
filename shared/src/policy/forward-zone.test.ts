import { describe, expect, it } from "vitest";
import { forwardZonesSchema, upstreamAddressProblem } from "./forward-zone.ts";

describe("forward zones in a policy", () => {
  it("normalises zone names and defaults allowByDefault to false", () => {
    const zones = forwardZonesSchema.parse([{ zone: "School.Local.", upstreams: ["udp://10.0.0.10"] }]);
    expect(zones).toEqual([{ zone: "school.local", upstreams: ["udp://10.0.0.10"], allowByDefault: false }]);
  });

  it.each([
    [[{ zone: "not a name", upstreams: ["10.0.0.10"] }], /domain name/],
    [[{ zone: "school.local", upstreams: [] }], /upstreams/],
    [[{ zone: "school.local", upstreams: Array(9).fill("10.0.0.10") }], /upstreams/],
    [[{ zone: "school.local", upstreams: ["udp://dc1.school.local"] }], /IP address, not a name/],
    [[{ zone: "school.local", upstreams: ["10.0.0.10"], extra: 1 }], /extra/],
    [
      [
        { zone: "school.local", upstreams: ["10.0.0.10"] },
        { zone: "SCHOOL.local", upstreams: ["10.0.0.11"] },
      ],
      /listed twice/,
    ],
    [Array.from({ length: 65 }, (_, i) => ({ zone: `z${i}.local`, upstreams: ["10.0.0.10"] })), /64/],
  ])("refuses %j", (zones, problem) => {
    const parsed = forwardZonesSchema.safeParse(zones);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(problem);
  });

  it.each([
    ["udp://10.0.0.10", null],
    ["tcp://10.0.0.10:5353", null],
    ["10.0.0.10", null],
    ["[fd00::53]:53", null],
    ["https://dc.school.example/dns-query", null],
    ["udp://10.0.0.10:0", /port other than 0/],
    ["dc1", /not a name/],
    ["fd00::53", /not an upstream address/],
  ])("checks the upstream address %s", (address, problem) => {
    const found = upstreamAddressProblem(address);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
