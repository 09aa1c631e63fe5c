import { EVENT_HOSTNAME_MAX } from "@fenceline/shared/events";
import { describe, expect, it } from "vitest";
import { parseLeases } from "./dhcp-leases.ts";

describe("parseLeases", () => {
  it("reads dnsmasq leases", () => {
    const text =
      "1700000000 aa:bb:cc:dd:ee:ff 10.1.2.3 laptop-17 01:aa:bb:cc:dd:ee:ff\n1700000000 11:22:33:44:55:66 10.1.2.4 * *\ngarbage\n";
    const leases = parseLeases(text, "dnsmasq");
    expect(leases.get("10.1.2.3")).toEqual({ mac: "aa:bb:cc:dd:ee:ff", hostname: "laptop-17" });
    expect(leases.get("10.1.2.4")).toEqual({ mac: "11:22:33:44:55:66", hostname: null });
    expect(leases.size).toBe(2);
  });

  it("reads ISC dhcpd leases, the latest winning", () => {
    const text = `lease 10.0.0.5 {\n  starts 4 2026/01/01 10:00:00;\n  hardware ethernet AA:BB:CC:00:11:22;\n  client-hostname "old";\n}\nlease 10.0.0.5 {\n  hardware ethernet aa:bb:cc:00:11:22;\n  client-hostname "chromebook-3";\n}\n`;
    expect(parseLeases(text, "isc").get("10.0.0.5")).toEqual({ mac: "aa:bb:cc:00:11:22", hostname: "chromebook-3" });
  });

  it("cuts a hostname a device made too long for an event, and leaves out a hardware address too long to be one", () => {
    const long = "x".repeat(300);
    const isc = `lease 10.0.0.6 {\n  hardware ethernet aa:bb:cc:00:11:23;\n  client-hostname "${long}";\n}\n`;
    const fromIsc = parseLeases(isc, "isc").get("10.0.0.6");
    expect(fromIsc).toEqual({ mac: "aa:bb:cc:00:11:23", hostname: "x".repeat(EVENT_HOSTNAME_MAX) });
    const dnsmasq = `1700000000 ${"ab:".repeat(30)}cd 10.1.2.5 ${long} *\n`;
    expect(parseLeases(dnsmasq, "dnsmasq").get("10.1.2.5")).toEqual({
      mac: null,
      hostname: "x".repeat(EVENT_HOSTNAME_MAX),
    });
  });
});
