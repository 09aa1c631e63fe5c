import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STUDENT, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";

const leases = join(mkdtempSync(join(tmpdir(), "fenceline-leases-")), "dnsmasq.leases");
writeFileSync(leases, `1900000000 aa:bb:cc:dd:ee:01 ${STUDENT} chromebook-17 01:aa:bb:cc:dd:ee:01\n`);

describe("client names from DHCP leases", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ leases: { file: leases, format: "dnsmasq" } });
  });
  afterAll(() => h.stop());

  it("puts the hostname and MAC of the client on its flagged events", async () => {
    await ask(h.dns, "selfharm.test", { from: STUDENT });
    expect(h.agent.events.drain().pop()).toMatchObject({
      clientAddress: STUDENT,
      hostname: "chromebook-17",
      mac: "aa:bb:cc:dd:ee:01",
    });
  });
});
