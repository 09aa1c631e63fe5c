import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GUEST, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";
import { HUB_ADMIN, hubWithAgent, serveHub } from "./support/hub-with-agent.ts";

describe("a full outbox while the hub is down", () => {
  it("drops the oldest events, and the count of dropped events reaches the hub", async () => {
    const { work, stores, app, credentialFile } = await hubWithAgent();
    const hubPort = await freePort();

    // Hub down: 1,500 blocked lookups into an outbox that holds 1,000.
    const h = await startHarness({
      outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 20 },
      hub: { url: `http://127.0.0.1:${hubPort}`, credentialFile, heartbeatSeconds: 5 },
    });
    for (let batch = 0; batch < 15; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => ask(h.dns, `n${batch}-${i}.adult.test`, { from: GUEST })),
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.agent.outbox?.depth).toBeLessThanOrEqual(1000);
    const dropped = h.agent.outbox?.dropped ?? 0;
    expect(dropped).toBeGreaterThanOrEqual(500);

    // Hub up: the rest arrive, and the next heartbeat reports the drops.
    const hub = await serveHub(app.fetch, hubPort);
    const started = Date.now();
    let status: { agents: { outbox: { dropped: number } | null }[] } = { agents: [] };
    while (Date.now() - started < 15_000) {
      status = (await (
        await app.request("/api/sites/school-a/status", { headers: { authorization: `Bearer ${HUB_ADMIN}` } })
      ).json()) as typeof status;
      if ((status.agents[0]?.outbox?.dropped ?? 0) > 0 && stores.events.count("school-a") === 1500 - dropped) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await h.stop();
    await hub.close();
    expect(stores.events.count("school-a")).toBe(1500 - dropped);
    expect(status.agents[0]?.outbox?.dropped).toBe(dropped);
    stores.close();
  }, 40_000);
});
