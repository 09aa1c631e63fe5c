import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RadiusClients } from "./radius-clients.ts";

describe("RadiusClients", () => {
  const secretFile = join(mkdtempSync(join(tmpdir(), "fenceline-radius-")), "secret");
  writeFileSync(secretFile, "from-a-file\n");
  const clients = new RadiusClients([
    { address: "10.0.0.0/24", secret: "switches" },
    { address: "10.0.0.2", secretFile },
    { address: "fd00::/64", secret: "v6" },
  ]);

  it.each([
    ["the controller, more specific than its block", "10.0.0.2", "from-a-file"],
    ["a switch in the block", "10.0.0.77", "switches"],
    ["the same switch on a dual-stack socket", "::ffff:10.0.0.77", "switches"],
    ["an IPv6 sender", "fd00::9", "v6"],
    ["a stranger", "10.0.1.2", null],
  ])("gives %s its secret", (_, address, secret) => {
    expect(clients.secretFor(address)).toBe(secret);
  });

  it("refuses to start on a missing or empty secret file", () => {
    expect(() => new RadiusClients([{ address: "10.0.0.2", secretFile: "/nonexistent/secret" }])).toThrow(
      /cannot read the shared secret file/,
    );
    const empty = join(mkdtempSync(join(tmpdir(), "fenceline-radius-")), "empty");
    writeFileSync(empty, "\n");
    expect(() => new RadiusClients([{ address: "10.0.0.2", secretFile: empty }])).toThrow(/is empty/);
  });
});
