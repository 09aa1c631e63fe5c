import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgent } from "@fenceline/agent/src/agent.ts";
import { validateConfig } from "@fenceline/agent/src/config/load-config.ts";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GUEST, TEST_GROUPS, writeTestSnapshot } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";

const log = pino({ level: "silent" });

describe("an agent that cannot start", () => {
  it("stops the parts it had started: its DNS threads and their sockets", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-start-failure-"));
    const listen = `127.0.0.1:${await freePort()}`;
    const config = (extra: Record<string, unknown>) =>
      validateConfig({
        listen: [listen],
        upstreams: ["udp://127.0.0.1:9"],
        snapshot: writeTestSnapshot(work),
        policy: { defaultGroup: "guests", groups: TEST_GROUPS },
        logLevel: "silent",
        ...extra,
      });
    // The hub link starts after the DNS threads, and its credential file is missing.
    const hub = { url: "http://127.0.0.1:9", credentialFile: join(work, "missing"), heartbeatSeconds: 60 };
    const outbox = { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 200 };
    await expect(startAgent(config({ workers: 2, hub, outbox }), log)).rejects.toThrow(
      /cannot read the hub credential/,
    );
    // Without SO_REUSEPORT, this agent can bind the port only if no socket of the first is left.
    const agent = await startAgent(config({ workers: 1 }), log);
    try {
      const [host, port] = (agent.dns.udp[0] as string).split(":") as [string, string];
      expect((await ask({ host, port: Number(port) }, "adult.test", { from: GUEST })).rcode).toBe(3);
    } finally {
      await agent.stop();
    }
  });
});
