import { describe, expect, it } from "vitest";
import { createUpstream } from "./create-upstream.ts";

describe("createUpstream", () => {
  it.each([
    ["1.1.1.1", "udp://1.1.1.1:53"],
    ["udp://9.9.9.9:5353", "udp://9.9.9.9:5353"],
    ["[2606:4700::1111]:53", "udp://[2606:4700::1111]:53"],
    ["tcp://1.1.1.1", "tcp://1.1.1.1:53"],
    ["https://dns.example/dns-query", "https://dns.example/dns-query"],
    ["http://127.0.0.1:8053/dns-query", "http://127.0.0.1:8053/dns-query"],
  ])("%s → %s", (address, url) => {
    const upstream = createUpstream(address);
    expect(upstream.url).toBe(url);
    upstream.close();
  });

  it.each([
    "ftp://x",
    "http://dns.example/dns-query",
    "1.1.1.1:99999",
    "udp://",
    "dns.example",
    "tcp://dns.example:53",
  ])("refuses %s", (address) => {
    expect(() => createUpstream(address)).toThrow();
  });
});
