import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubApp } from "@fenceline/hub/src/hub-app.ts";
import { HubStore } from "@fenceline/hub/src/store/hub-store.ts";
import { enrolOverApi } from "@fenceline/hub/src/testing/enrol-over-api.ts";
import { grantToken } from "@fenceline/hub/src/testing/grant-token.ts";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GUEST, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { freePort } from "./support/free-port.ts";

const ADMIN = "fl_admin-token-for-outbox-full-tests-0123";

describe("a full outbox while the hub is down", () => {
  it("drops the oldest events, and the count of dropped events reaches the hub", async () => {
    const work = mkdtempSync(join(tmpdir(), "fenceline-outbox-full-"));
    const store = new HubStore(join(work, "hub.sqlite"));
    const app = createHubApp({ store, log: pino({ level: "silent" }) });
    grantToken(store, ADMIN, "ict-admin");
    const [credential] = await enrolOverApi(app, ADMIN, "school-a", ["gw"]);
    writeFileSync(join(work, "credential"), credential as string);
    const hubPort = await freePort();

    // Hub down: 1,500 blocked lookups into an outbox that holds 1,000.
    const h = await startHarness({
      outbox: { file: join(work, "outbox.sqlite"), maxEvents: 1000, flushMs: 20 },
      hub: { url: `http://127.0.0.1:${hubPort}`, credentialFile: join(work, "credential"), heartbeatSeconds: 5 },
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
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: hubPort }, () => resolve(s));
    });
    const started = Date.now();
    let status: { agents: { outbox: { dropped: number } | null }[] } = { agents: [] };
    while (Date.now() - started < 15_000) {
      status = (await (
        await app.request("/api/sites/school-a/status", { headers: { authorization: `Bearer ${ADMIN}` } })
      ).json()) as typeof status;
      if ((status.agents[0]?.outbox?.dropped ?? 0) > 0 && store.countEvents("school-a") === 1500 - dropped) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await h.stop();
    server.close();
    expect(store.countEvents("school-a")).toBe(1500 - dropped);
    expect(status.agents[0]?.outbox?.dropped).toBe(dropped);
    store.close();
  }, 40_000);
});
